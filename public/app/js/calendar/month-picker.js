// The calendar's small month picker (UI.md: "a small month picker to jump"): a month grid, Monday
// first, that opens under its button; a click on a day jumps there. Dates are the studio's local
// calendar dates ('YYYY-MM-DD' strings, UTC-noon arithmetic) — never the browser's zone.

import { t, formatLocalDate } from '../i18n.js';
import { h, icon } from '../ui.js';
import { addDays, mondayOf, todayLocal } from '../tz.js';

const firstOfMonth = (isoDate) => `${isoDate.slice(0, 7)}-01`;

function shiftMonth(isoDate, n) {
    const [y, m] = isoDate.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1 + n, 1, 12));
    return date.toISOString().slice(0, 10);
}

/** monthPicker({ selected: () => date, onPick: (date) => void }) → { button, panel }. */
export function monthPicker({ selected, onPick }) {
    let shown = firstOfMonth(selected());
    const panel = h('div.month-picker.z-depth-2', { hidden: true, role: 'dialog', 'aria-label': t('web.calendar.pick_date'), 'data-month-picker': true });
    const button = h('button.btn-flat.cal-month', {
        type: 'button', 'aria-label': t('web.calendar.pick_date'), 'aria-expanded': 'false', 'data-action': 'month-picker',
        onclick: (e) => { e.stopPropagation(); toggle(); },
    }, icon('calendar_month'));

    function toggle(open = panel.hidden) {
        panel.hidden = !open;
        button.setAttribute('aria-expanded', String(open));
        if (open) { shown = firstOfMonth(selected()); render(); }
    }

    function render() {
        const today = todayLocal();
        const current = selected();
        const start = mondayOf(shown);
        const weekdays = Array.from({ length: 7 }, (_, i) => h('span.mp-weekday', null, formatLocalDate(addDays(start, i), 'weekdayNarrow')));
        const days = Array.from({ length: 42 }, (_, i) => {
            const date = addDays(start, i);
            const classes = ['mp-day', date.slice(0, 7) !== shown.slice(0, 7) ? 'mp-other' : '', date === today ? 'mp-today' : '', date === current ? 'mp-selected' : ''].filter(Boolean);
            return h(`button.${classes.join('.')}`, { type: 'button', 'data-date': date, onclick: () => { toggle(false); onPick(date); } }, String(Number(date.slice(8))));
        });
        panel.replaceChildren(
            h('div.mp-head', null,
                h('button.btn-flat.mp-prev', { type: 'button', 'aria-label': t('web.calendar.prev_month'), onclick: (e) => { e.stopPropagation(); shown = shiftMonth(shown, -1); render(); } }, icon('chevron_left')),
                h('span.mp-title', null, formatLocalDate(shown, 'monthYear')),
                h('button.btn-flat.mp-next', { type: 'button', 'aria-label': t('web.calendar.next_month'), onclick: (e) => { e.stopPropagation(); shown = shiftMonth(shown, 1); render(); } }, icon('chevron_right'))),
            h('div.mp-grid', null, ...weekdays, ...days));
    }

    // A click elsewhere or Esc closes it.
    const outside = (e) => { if (!panel.hidden && !panel.contains(e.target)) toggle(false); };
    const escape = (e) => { if (e.key === 'Escape' && !panel.hidden) toggle(false); };
    document.addEventListener('click', outside);
    document.addEventListener('keydown', escape);
    const dispose = () => { document.removeEventListener('click', outside); document.removeEventListener('keydown', escape); };
    return { button, panel, dispose };
}
