// Clients: search as you type (name, phone digits, email) and a keyset-paged list with "load more".
// A starting point for the full clients screen of issue 17 (filters, saved filters, bulk actions).

import { get } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { h, icon, skeleton, showError, fill } from '../ui.js';

export default {
    title: 'web.clients.title',
    mount(root, ctx) {
        const search = h('input.search-box', { type: 'search', 'data-search': true, placeholder: t('web.clients.search'), 'aria-label': t('web.clients.search'), value: ctx.query.q || '' });
        const list = h('div.client-list');
        const more = h('button.btn-flat.load-more', { type: 'button', hidden: true }, t('web.common.load_more'));
        let cursor = null;
        let request = 0;

        const row = (c) => h('a.client-row', { href: `#/clients/${c.id}`, 'data-client': c.id, 'data-list-item': true },
            h('span.client-name', null, c.name, c.allergies ? h('span.allergy-flag', { title: c.allergies }, icon('warning', 'tiny')) : null),
            h('span.client-phone.grey-text', null, c.phone || c.email || ''),
            h('span.client-last.grey-text', null, c.lastVisitAt ? formatInstant(c.lastVisitAt, 'date') : ''));

        async function load(reset) {
            const ticket = ++request;
            if (reset) { cursor = null; fill(list, skeleton(6)); }
            const q = search.value.trim();
            try {
                const page = await get('/clients', { q, limit: 50, cursor }, { signal: ctx.signal });
                if (ticket !== request) return;
                if (reset) list.replaceChildren();
                list.append(...page.items.map(row));
                if (reset && page.items.length === 0) list.append(h('p.empty-state', null, t('web.clients.none')));
                cursor = page.nextCursor;
                more.hidden = !cursor;
                list.dataset.query = q; // the search these rows answer (tests wait on it)
            } catch (err) { showError(err); }
        }
        let timer = null;
        search.addEventListener('input', () => {
            clearTimeout(timer);
            timer = setTimeout(() => { ctx.setQuery({ q: search.value.trim() }); load(true); }, 200);
        });
        more.addEventListener('click', () => load(false));
        fill(root, h('div.clients', { 'data-screen': 'clients' }, h('div.list-toolbar', null, icon('search'), search), list, more));
        load(true);
        return { unmount: () => clearTimeout(timer), onSearch: () => search.focus() };
    },
};
