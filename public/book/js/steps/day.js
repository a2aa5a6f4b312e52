// Step 3: a day of the next 60 (studio-local); days without an offered start are disabled.

import { ensureSlots } from '../slots.js';
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { dayGrid } from '../pickers.js';

export default {
    async render(body, { state, go, signal }) {
        if (!(await ensureSlots(body, state, signal))) return;
        if (!state.slots.days.size) {
            fill(body, h('p.sf-empty', { 'data-empty': 'days' }, t('book.day.nothing')));
            return;
        }
        fill(body,
            h('p.sf-hint', t('book.day.hint', { zone: state.card.timezone })),
            dayGrid(state.slots, state.date, (date) => {
                if (state.date !== date) state.start = null;
                state.date = date;
                go('start');
            }));
    },
};
