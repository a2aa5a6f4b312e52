// Step 4: the starts the slot engine offers that day, in the studio's time.

import { ensureSlots } from '../slots.js';
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { dayGrid, startGrid } from '../pickers.js';

export default {
    async render(body, { state, go, signal }) {
        if (!(await ensureSlots(body, state, signal))) return;
        const starts = state.slots.days.get(state.date) || [];
        if (!starts.length) {
            // The day has gone meanwhile (the slots were reloaded): choose another day.
            fill(body, h('p.sf-empty', { 'data-empty': 'starts' }, t('book.start.none')),
                dayGrid(state.slots, null, (date) => { state.date = date; go('start'); }));
            return;
        }
        fill(body,
            h('p.sf-hint', t('book.start.hint', { zone: state.card.timezone })),
            startGrid(starts, state.start?.startsAt, (chosen) => {
                state.start = chosen;
                go('contacts');
            }));
    },
};
