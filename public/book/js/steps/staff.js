// Step 2: who performs the service, or "anyone" (the first free one takes it).

import { get } from '../api.js';
import { h, fill, icon, spinner, errorBanner } from '../dom.js';
import { t } from '../i18n.js';

export default {
    async render(body, { state, go, signal }) {
        fill(body, spinner());
        let answer;
        try {
            answer = await get(`/services/${state.service.id}/staff`, null, { signal });
        } catch (err) {
            if (err.name === 'AbortError') throw err;
            fill(body, errorBanner(err));
            return;
        }
        const pick = (choice) => {
            if (!state.staff || state.staff.id !== choice.id) { state.slots = null; state.date = null; state.start = null; }
            state.staff = choice;
            go('day');
        };
        const initials = (name) => name.split(/\s+/).map((w) => w[0]).slice(0, 2).join('').toUpperCase();
        fill(body, h('div.sf-list',
            h('button.sf-item', { type: 'button', 'data-staff': 'any', class: state.staff?.id === 'any' ? 'selected' : null, onclick: () => pick({ id: 'any', name: null }) },
                h('span.sf-avatar.any', icon('groups')),
                h('span.sf-item-main', h('span.sf-item-name', t('book.staff.any')), h('span.sf-item-desc', t('book.staff.any_hint')))),
            answer.items.map((member) => h('button.sf-item', {
                type: 'button', 'data-staff': member.id, class: state.staff?.id === member.id ? 'selected' : null,
                onclick: () => pick({ id: member.id, name: member.name }),
            },
            h('span.sf-avatar', { style: { background: member.color || 'var(--sf-primary)' } }, initials(member.name)),
            h('span.sf-item-main', h('span.sf-item-name', member.name))))));
        if (!answer.items.length) body.append(h('p.sf-empty', { 'data-empty': 'staff' }, t('book.staff.none')));
    },
};
