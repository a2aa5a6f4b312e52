// Saved filters of a list: the screen's filter state stored under a name the user gives, in this
// browser and per studio (localStorage), shown as chips that apply it again. Used by the clients,
// invoices and payments lists.

import { t } from '../i18n.js';
import { current } from '../session.js';
import { h, icon, fill, openDrawer } from '../ui.js';

function storageKey(screen) { return `veloria.${screen}.filters.${current()?.tenant?.id || 'studio'}`; }

function read(screen) {
    try { return JSON.parse(localStorage.getItem(storageKey(screen)) || '[]'); } catch { return []; }
}

function write(screen, list) { localStorage.setItem(storageKey(screen), JSON.stringify(list)); }

/**
 * savedFilters({ screen, state: () => object, apply: (state) => void }) → the chips' bar element.
 * `state()` is what gets saved (a plain object); `apply(saved)` puts it back and reloads the list.
 */
export function savedFilters({ screen, state, apply }) {
    const bar = h('div.saved-filters', { 'data-saved-filters': screen });
    function render() {
        fill(bar, ...read(screen).map((f, index) => h('span.chip.saved-filter', { 'data-saved': f.name },
            h('a', { href: '#', onclick: (e) => { e.preventDefault(); apply({ ...f.state }); } }, f.name),
            h('i.material-icons.close', { title: t('web.list.forget_filter'), onclick: () => { const next = read(screen); next.splice(index, 1); write(screen, next); render(); } }, 'close'))),
        h('button.btn-flat.save-filter', { type: 'button', onclick: save }, icon('bookmark_add'), ' ', t('web.list.save_filter')));
    }
    function save() {
        const form = h('form.save-filter-form', null,
            h('div.input-field', null, h('input', { name: 'name', id: 'saved-filter-name', maxlength: 40, required: true }),
                h('label', { for: 'saved-filter-name' }, t('web.list.filter_name'))),
            h('button.btn', { type: 'submit' }, t('web.common.save')));
        const drawer = openDrawer(t('web.list.save_filter'), form);
        form.elements.name.focus();
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            const name = form.elements.name.value.trim();
            if (!name) return;
            write(screen, [...read(screen).filter((f) => f.name !== name), { name, state: { ...state() } }]);
            drawer.close();
            render();
        });
    }
    render();
    return bar;
}
