// Working time of one staff member on one local day, in minutes from local midnight: the
// location's weekly hours ∩ the staff member's weekly hours, then the dated overrides (day off,
// other hours, blocks) — the same order as the slot engine (SPEC §4). Used only to grey the grid;
// what can be booked is always asked from the slots API.

import { toMinutes, weekdayOf } from '../tz.js';

function intervalsOf(schedule, weekday) {
    const day = schedule && schedule[String(weekday)];
    return (day || []).map(([from, to]) => [toMinutes(from), toMinutes(to)]);
}

function intersect(a, b) {
    const out = [];
    for (const [a0, a1] of a) {
        for (const [b0, b1] of b) {
            const from = Math.max(a0, b0);
            const to = Math.min(a1, b1);
            if (from < to) out.push([from, to]);
        }
    }
    return out.sort((x, y) => x[0] - y[0]);
}

function subtract(intervals, cut) {
    const out = [];
    for (const [from, to] of intervals) {
        if (cut[1] <= from || cut[0] >= to) { out.push([from, to]); continue; }
        if (cut[0] > from) out.push([from, cut[0]]);
        if (cut[1] < to) out.push([cut[1], to]);
    }
    return out;
}

function applyOverrides(hours, overrides, blocked) {
    let open = hours;
    let dayOff = false;
    for (const override of overrides) {
        const spans = (override.intervals || []).map(([from, to]) => [toMinutes(from), toMinutes(to)]);
        if (override.kind === 'day_off') { open = []; dayOff = true; }
        if (override.kind === 'custom_hours') open = spans;
        if (override.kind === 'blocked') blocked.push(...spans);
    }
    return { open, dayOff };
}

/**
 * { open: [[from,to]…], blocked: [[from,to]…], dayOff: bool } for a staff member on a date:
 * (location hours with the location's overrides) ∩ (staff hours with the staff's overrides), minus blocks.
 */
export function workingTime(staff, location, date, overrides = [], locationOverrides = []) {
    const weekday = weekdayOf(date);
    const blocked = [];
    const place = location ? applyOverrides(intervalsOf(location.schedule, weekday), locationOverrides, blocked) : { open: [[0, 1440]], dayOff: false };
    const own = applyOverrides(intervalsOf(staff.schedule, weekday), overrides, blocked);
    let open = intersect(place.open, own.open);
    for (const cut of blocked) open = subtract(open, cut);
    return { open, blocked, dayOff: place.dayOff || own.dayOff };
}

/** The grid's first and last minute: the earliest opening and latest closing of the shown days, with an hour's margin. */
export function gridRange(columns, appointments, localParts) {
    let from = 24 * 60;
    let to = 0;
    for (const column of columns) {
        for (const [a, b] of column.hours.open) { from = Math.min(from, a); to = Math.max(to, b); }
    }
    for (const appt of appointments) {
        const start = localParts(appt.startsAt).minutes;
        const end = localParts(appt.endsAt);
        from = Math.min(from, start);
        to = Math.max(to, end.minutes === 0 ? 24 * 60 : end.minutes);
    }
    if (from >= to) { from = 9 * 60; to = 21 * 60; }
    from = Math.max(0, Math.floor(from / 60) * 60 - 60);
    to = Math.min(24 * 60, Math.ceil(to / 60) * 60 + 60);
    return { from, to };
}
