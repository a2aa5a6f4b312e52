// Pieces shared by the money screens (invoices, payments, the client's wallet, discounts and
// packages) and the messages/integrations/jobs screens: the master–detail frame (list left, card
// right on a desk, the drawer on a phone), filter chips, keyset "load more", client names and a
// client picker (search as you type).

import { get } from '../api.js';
import { t, has } from '../i18n.js';
import { h, icon, fill, skeleton, showError, openDrawer, closeDrawer } from '../ui.js';

const DESK = '(min-width: 993px)';

/** A label from the catalog, or the raw value when the catalog has no word for it. */
export function label(prefix, value) {
    const key = `${prefix}.${value}`;
    return has(key) ? t(key) : String(value ?? '');
}

/** A coloured status badge (money.css colours by data-money-status). */
export function moneyBadge(prefix, status) {
    return h('span.money-badge', { 'data-money-status': status }, label(prefix, status));
}

// --- client names: appointments, invoices, payments and messages name their client
// (`clientName`); a caller with only an id (a link from elsewhere) reads it once, cached ---

const names = new Map();

export function clientName(id, signal, known) {
    if (!id) return Promise.resolve('');
    if (known) names.set(id, Promise.resolve(known));
    if (!names.has(id)) {
        names.set(id, get(`/clients/${id}`, null, { signal }).then((c) => c.name).catch(() => { names.delete(id); return '—'; }));
    }
    return names.get(id);
}

/** An element whose text becomes the client's name once known. */
export function clientNameEl(id, signal, tag = 'span.client-ref', known = null) {
    const el = h(tag, { 'data-client-ref': id || '' }, known || (id ? '…' : '—'));
    if (id && !known) clientName(id, signal).then((name) => { el.textContent = name; });
    return el;
}

// --- master–detail --------------------------------------------------------------------------

/**
 * masterDetail({ screen, toolbar, list, more }) → { root, pane, showCard(title, content), closeCard() }.
 * On a desk the card fills the right pane; on a phone it opens in the drawer (full screen).
 */
export function masterDetail({ screen, toolbar, list, more, empty }) {
    const pane = h('section.md-pane.card', { 'data-pane': screen }, h('div.md-placeholder.grey-text', null, icon('touch_app'), ' ', empty || t('web.money.pick')));
    const root = h('div.md-layout', { 'data-screen': screen },
        h('div.md-list', null, toolbar, list, more), pane);
    let drawer = null;
    return {
        root,
        pane,
        showCard(title, content) {
            if (window.matchMedia(DESK).matches) {
                closeDrawer();
                fill(pane, h('h2.md-card-title', null, title), content);
                pane.scrollTop = 0;
                return { close: () => fill(pane, h('div.md-placeholder.grey-text', null, empty || t('web.money.pick'))), setTitle: (x) => { pane.querySelector('.md-card-title').textContent = x; } };
            }
            drawer = openDrawer(title, content, { wide: true });
            return drawer;
        },
        loading() {
            if (window.matchMedia(DESK).matches) fill(pane, skeleton(6));
        },
    };
}

/** chips([{value, label}], selected, onChange) → element; one chip selected at a time ('' = all). */
export function chips(name, options, selected, onChange) {
    const row = h('div.filter-chips', { role: 'group', 'data-chips': name });
    const draw = (value) => fill(row, options.map((o) => h(`button.chip.filter-chip${o.value === value ? '.selected' : ''}`, {
        type: 'button', 'data-chip': o.value || 'all', 'aria-pressed': o.value === value ? 'true' : 'false',
        onclick: () => { draw(o.value); onChange(o.value); },
    }, o.label)));
    draw(selected || '');
    return row;
}

/**
 * pagedList({ path, query(), row(item), empty, signal }) → { list, more, reload(), items }.
 * Keyset "load more"; a skeleton while the first page loads; an empty state when there is nothing.
 */
export function pagedList({ path, query, row, empty, signal, limit = 30, filter }) {
    const list = h('div.money-list', { role: 'list' });
    const more = h('button.btn-flat.load-more', { type: 'button', hidden: true, 'data-action': 'load-more' }, t('web.common.load_more'));
    let cursor = null;
    let ticket = 0;
    const state = { items: [] };
    async function load(reset) {
        const mine = ++ticket;
        if (reset) { cursor = null; state.items = []; fill(list, skeleton(6)); more.hidden = true; }
        try {
            const page = await get(path, { ...query(), limit, cursor }, { signal });
            if (mine !== ticket) return;
            if (reset) list.replaceChildren();
            const shown = filter ? page.items.filter(filter) : page.items;
            state.items.push(...page.items);
            list.append(...shown.map(row));
            if (reset && shown.length === 0 && !page.nextCursor) list.append(h('div.empty-state', { 'data-empty': true }, icon('inbox'), h('p', null, empty)));
            cursor = page.nextCursor;
            more.hidden = !cursor;
        } catch (err) {
            if (mine === ticket) { if (reset) list.replaceChildren(); showError(err); }
        }
    }
    more.addEventListener('click', () => load(false));
    return { list, more, reload: () => load(true), state };
}

/** A definition list of label → value rows (the card's figures). */
export function figures(rows) {
    return h('dl.money-figures', null, rows.filter(Boolean).map(([key, value, attrs]) => [h('dt', null, t(key)), h('dd', attrs || null, value)]));
}

/**
 * clientPicker(name) → { el, value() }: a search box that finds clients as you type and keeps the
 * chosen id in a hidden input named `name` (so field errors land under it).
 */
export function clientPicker(name = 'clientId', { signal, initial, onPick } = {}) {
    const hidden = h('input', { type: 'hidden', name, value: initial ? initial.id : '' });
    const box = h('input', { type: 'search', autocomplete: 'off', placeholder: t('web.money.client_search'), 'aria-label': t('web.money.client'), 'data-client-search': true, value: initial ? initial.name : '' });
    const results = h('div.picker-results');
    let timer = null;
    box.addEventListener('input', () => {
        hidden.value = '';
        clearTimeout(timer);
        timer = setTimeout(async () => {
            const q = box.value.trim();
            if (!q) { results.replaceChildren(); return; }
            try {
                const page = await get('/clients', { q, limit: 8 }, { signal });
                fill(results, page.items.map((c) => h('button.picker-result', { type: 'button', 'data-pick': c.id, onclick: () => { hidden.value = c.id; box.value = c.name; results.replaceChildren(); if (onPick) onPick(c); } },
                    h('span', null, c.name), h('span.grey-text', null, c.phone || c.email || ''))),
                page.items.length === 0 ? h('p.grey-text', null, t('web.money.no_clients')) : null);
            } catch (err) { showError(err); }
        }, 200);
    });
    const el = h('div.input-field.picker', null, h('label.active', null, t('web.money.client')), box, hidden, results);
    return { el, value: () => hidden.value };
}

/** '1 500,50' or '1500.5' typed by a person → the API's '1500.50'; null when not a number. */
export function parseAmount(text) {
    if (text === undefined || text === null) return null;
    const clean = String(text).replace(/\s/g, '').replace(',', '.');
    if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
    const [whole, frac = ''] = clean.split('.');
    return `${whole}.${frac.padEnd(2, '0')}`;
}

/** A labelled input inside .input-field (Materialize look, the label always up). */
export function field(labelKey, input, hint) {
    return h('div.input-field', null, input, h('label.active', { for: input.id || null }, t(labelKey)), hint ? h('span.helper-text', null, hint) : null);
}
