// Clients: search as you type (name, phone digits, email), filters (loyalty, tag, not seen for 60
// days, archived) that can be saved under a name, a keyset-paged list with "load more", a new
// client in the drawer, and bulk actions on a selection (add a tag, archive) with visible progress.
// Saved filters live in this browser (localStorage, per studio): they are a view, not data.

import { get, post, patch } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { can } from '../session.js';
import { savedFilters } from '../lists/saved-filters.js';
import { bulkSelection } from '../lists/bulk.js';
import { h, icon, skeleton, showError, fill, confirmDialog, openDrawer, busy, clearFieldErrors } from '../ui.js';

const LEVELS = ['silver', 'gold', 'platinum'];
const QUIET_DAYS = 60;

/** The list's query for the API from the screen's filter state. */
function apiQuery(state) {
    const query = { q: state.q || undefined, limit: 50 };
    if (state.level) query['filter[loyaltyLevel]'] = state.level;
    if (state.tag) query['filter[tag]'] = state.tag.toLowerCase();
    if (state.quiet) query['filter[lastVisitAt][lt]'] = new Date(Date.now() - QUIET_DAYS * 86400000).toISOString();
    if (state.archived) query['filter[archived]'] = 'true';
    return query;
}

function newClient(ctx) {
    const input = (name, type = 'text') => h('div.input-field', null, h('input', { name, id: `new-client-${name}`, type }),
        h('label', { for: `new-client-${name}` }, t(`web.client.field.${name}`)));
    const form = h('form.new-client', { 'data-form': 'new-client' }, input('name'), input('phone', 'tel'), input('email', 'email'),
        h('button.btn', { type: 'submit' }, t('web.clients.create')));
    const drawer = openDrawer(t('web.clients.new'), form);
    form.elements.name.focus();
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearFieldErrors(form);
        const value = (name) => form.elements[name].value.trim() || undefined;
        await busy(form, async () => {
            try {
                const created = await post('/clients', { name: value('name'), phone: value('phone'), email: value('email') });
                drawer.close();
                ctx.navigate(`/clients/${created.id}`);
            } catch (err) { showError(err, form); }
        });
    });
}

export default {
    title: 'web.clients.title',
    mount(root, ctx) {
        const writer = can('clients.write');
        const state = { q: ctx.query.q || '', level: ctx.query.level || '', tag: ctx.query.tag || '', quiet: ctx.query.quiet === '1', archived: ctx.query.archived === '1' };
        const search = h('input.search-box', { type: 'search', 'data-search': true, placeholder: t('web.clients.search'), 'aria-label': t('web.clients.search'), value: state.q });
        const level = h('select.browser-default.filter-level', { 'aria-label': t('web.clients.filter.level') },
            h('option', { value: '' }, t('web.clients.filter.any_level')), LEVELS.map((l) => h('option', { value: l, selected: state.level === l }, t(`web.loyalty.${l}`))));
        const tag = h('input.browser-default.filter-tag', { type: 'text', placeholder: t('web.clients.filter.tag'), 'aria-label': t('web.clients.filter.tag'), value: state.tag });
        const toggle = (key, labelKey) => h('label.filter-toggle', null,
            h('input', { type: 'checkbox', 'data-filter': key, checked: state[key], onchange: (e) => { state[key] = e.target.checked; changed(); } }),
            h('span', null, t(labelKey)));
        const list = h('div.client-list');
        const more = h('button.btn-flat.load-more', { type: 'button', hidden: true }, t('web.common.load_more'));
        const bulk = bulkSelection({
            actions: [
                { name: 'tag', icon: 'sell', label: 'web.clients.bulk.tag', onclick: (items) => bulkTag(items) },
                { name: 'archive', icon: 'archive', label: 'web.clients.bulk.archive', onclick: (items) => bulkArchive(items) },
            ],
            onDone: () => load(true),
        });
        let cursor = null;
        let request = 0;

        const row = (c) => h('div.client-row-wrap', null,
            writer ? bulk.checkbox(c, c.name) : null,
            h('a.client-row', { href: `#/clients/${c.id}`, 'data-client': c.id, 'data-list-item': true },
                h('span.client-name-cell', null,
                    h('span.client-name', null, c.name, c.allergies ? h('span.allergy-flag', { title: c.allergies }, icon('warning', 'tiny')) : null),
                    ...(c.tags || []).map((x) => h('span.chip-small', null, x))),
                h('span.client-phone.grey-text', null, c.phone || c.email || ''),
                h('span.client-last.grey-text', null, c.lastVisitAt ? formatInstant(c.lastVisitAt, 'date') : '')));

        async function load(reset) {
            const ticket = ++request;
            if (reset) { cursor = null; fill(list, skeleton(6)); }
            try {
                const page = await get('/clients', { ...apiQuery(state), cursor }, { signal: ctx.signal });
                if (ticket !== request) return;
                if (reset) list.replaceChildren();
                list.append(...page.items.map(row));
                if (reset && page.items.length === 0) list.append(h('p.empty-state', null, t('web.clients.none')));
                cursor = page.nextCursor;
                more.hidden = !cursor;
                list.dataset.query = state.q; // the search these rows answer (tests wait on it)
            } catch (err) { if (err.name !== 'AbortError') showError(err); }
        }

        function changed() {
            ctx.setQuery({ q: state.q || undefined, level: state.level || undefined, tag: state.tag || undefined,
                quiet: state.quiet ? '1' : undefined, archived: state.archived ? '1' : undefined });
            load(true);
        }

        function apply(saved) {
            Object.assign(state, { q: '', level: '', tag: '', quiet: false, archived: false }, saved);
            search.value = state.q; level.value = state.level; tag.value = state.tag;
            root.querySelectorAll('[data-filter]').forEach((box) => { box.checked = !!state[box.dataset.filter]; });
            changed();
        }

        function bulkTag(items) {
            const form = h('form.bulk-tag-form', null,
                h('div.input-field', null, h('input', { name: 'tag', id: 'bulk-tag', maxlength: 40, required: true }), h('label', { for: 'bulk-tag' }, t('web.clients.filter.tag'))),
                h('button.btn', { type: 'submit' }, t('web.clients.bulk.tag')));
            const drawer = openDrawer(t('web.clients.bulk.tag'), form);
            form.elements.tag.focus();
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                const value = form.elements.tag.value.trim().toLowerCase();
                if (!value) return;
                drawer.close();
                bulk.run(items, (c) => patch(`/clients/${c.id}`, { tags: [...new Set([...(c.tags || []), value])] }), 'web.clients.bulk.tagged');
            });
        }
        async function bulkArchive(items) {
            if (!(await confirmDialog(t('web.clients.bulk.archive_confirm', { n: items.length }), { danger: true }))) return;
            bulk.run(items, (c) => post(`/clients/${c.id}/archive`, null), 'web.clients.bulk.archived');
        }

        let timer = null;
        search.addEventListener('input', () => {
            clearTimeout(timer);
            timer = setTimeout(() => { state.q = search.value.trim(); changed(); }, 200);
        });
        level.addEventListener('change', () => { state.level = level.value; changed(); });
        tag.addEventListener('change', () => { state.tag = tag.value.trim(); changed(); });
        more.addEventListener('click', () => load(false));
        fill(root, h('div.clients', { 'data-screen': 'clients' },
            h('div.list-toolbar', null, icon('search'), search,
                writer ? h('button.btn.new-client-button', { type: 'button', onclick: () => newClient(ctx) }, icon('person_add'), ' ', t('web.clients.new')) : null),
            h('div.filter-bar', null, level, tag, toggle('quiet', 'web.clients.filter.quiet'), toggle('archived', 'web.clients.filter.archived')),
            savedFilters({ screen: 'clients', state: () => ({ ...state }), apply }), bulk.bar, list, more));
        load(true);
        return { unmount: () => clearTimeout(timer), onSearch: () => search.focus(), onNew: writer ? () => newClient(ctx) : undefined };
    },
};
