// The day and start pickers, shared by booking and by moving a booking from the manage page.

import { h } from './dom.js';
import { t } from './i18n.js';
import { addDays, weekday, formatDate, formatInstant } from './studio-time.js';
import { HORIZON_DAYS } from './slots.js';

export const capitalize = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** A month-by-month grid of the next 60 studio-local days; days without a start are disabled. */
export function dayGrid(slots, selected, onPick) {
    const months = [];
    let month = null;
    for (let i = 0; i < HORIZON_DAYS; i++) {
        const date = addDays(slots.from, i);
        if (!month || month.key !== date.slice(0, 7)) {
            month = { key: date.slice(0, 7), first: date, days: [] };
            months.push(month);
        }
        month.days.push(date);
    }
    // 2024-01-01 was a Monday: the weekday names of one week, made afresh for each month's grid.
    const heads = () => [0, 1, 2, 3, 4, 5, 6].map((d) => h('div.sf-dow', formatDate(addDays('2024-01-01', d), 'dayShort')));
    return h('div.sf-days', { 'data-picker': 'day' }, months.map((m) => h('section.sf-month',
        h('h3.sf-month-title', capitalize(formatDate(m.first, 'month'))),
        h('div.sf-day-grid', heads(),
            Array.from({ length: weekday(m.days[0]) - 1 }, () => h('div.sf-day-gap')),
            m.days.map((date) => {
                const open = slots.days.has(date);
                return h('button.sf-day', {
                    type: 'button', 'data-date': date, disabled: !open, 'aria-pressed': String(date === selected),
                    class: [date === selected ? 'selected' : '', open ? 'open' : 'closed', date === slots.from ? 'today' : ''].join(' ').trim(),
                    title: open ? formatDate(date, 'long') : t('book.day.none'),
                    onclick: () => onPick(date),
                }, String(Number(date.slice(8))));
            })))));
}

/** The offered starts of one day as buttons, grouped into morning, afternoon and evening (studio time). */
export function startGrid(starts, selected, onPick) {
    const groups = [['morning', 0, 12], ['afternoon', 12, 17], ['evening', 17, 24]].map(([name, from, to]) => ({
        name,
        starts: starts.filter((s) => {
            const hour = Number(formatInstant(s.startsAt, 'time').slice(0, 2));
            return hour >= from && hour < to;
        }),
    })).filter((g) => g.starts.length);
    return h('div.sf-starts', { 'data-picker': 'start' }, groups.map((g) => h('section.sf-start-group',
        h('h3.sf-group-title', t(`book.start.${g.name}`)),
        h('div.sf-start-grid', g.starts.map((s) => {
            const label = formatInstant(s.startsAt, 'time');
            return h('button.sf-start', {
                type: 'button', 'data-start': s.startsAt, 'data-local': label, 'aria-pressed': String(s.startsAt === selected),
                class: s.startsAt === selected ? 'selected' : null, onclick: () => onPick(s),
            }, label);
        })))));
}
