// The audit log (plan Imperium, owner and manager): who changed what and when, newest first.

import { get } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { h, skeleton, showError, fill } from '../ui.js';

export default {
    title: 'web.audit.title',
    mount(root, ctx) {
        const body = h('tbody');
        const more = h('button.btn-flat.load-more', { type: 'button', hidden: true }, t('web.common.load_more'));
        let cursor = null;
        async function load() {
            try {
                const page = await get('/audit', { limit: 50, cursor }, { signal: ctx.signal });
                body.append(...page.items.map((e) => h('tr', null,
                    h('td.nowrap', null, formatInstant(e.createdAt, 'dateTime')),
                    h('td', null, h('code', null, e.action)),
                    h('td', null, e.entityType),
                    h('td.grey-text', null, e.actor.type === 'user' ? t('web.audit.actor_user') : e.actor.type))));
                cursor = page.nextCursor;
                more.hidden = !cursor;
                skel.remove();
            } catch (err) { showError(err); }
        }
        const skel = skeleton(6);
        more.addEventListener('click', load);
        fill(root, h('div.card.audit', { 'data-screen': 'audit' }, h('table.striped', null,
            h('thead', null, h('tr', null, ['web.audit.when', 'web.audit.action', 'web.audit.entity', 'web.audit.actor'].map((k) => h('th', null, t(k))))), body), skel, more));
        load();
    },
};
