// Studio-local time arithmetic. The studio's zone is the only zone: a local date is 'YYYY-MM-DD',
// a local time is minutes from local midnight. Conversions use Intl with timeZone, so they are
// DST-correct and never depend on the browser's zone. The API accepts ISO datetimes without an
// offset as studio-local (SPEC §13), so the app sends local wall times as 'YYYY-MM-DDTHH:MM:00'.

import { studioTimeZone } from './i18n.js';

const partsFormatters = new Map();

function partsFormatter(zone) {
    if (!partsFormatters.has(zone)) {
        partsFormatters.set(zone, new Intl.DateTimeFormat('en-CA', {
            timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
            hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short',
        }));
    }
    return partsFormatters.get(zone);
}

const WEEKDAYS = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** An instant → { date: 'YYYY-MM-DD', minutes: minutes since local midnight, weekday: 1..7 } in the studio's zone. */
export function localParts(value, zone = studioTimeZone()) {
    const date = value instanceof Date ? value : new Date(value);
    const p = {};
    for (const part of partsFormatter(zone).formatToParts(date)) p[part.type] = part.value;
    return {
        date: `${p.year}-${p.month}-${p.day}`,
        minutes: Number(p.hour) * 60 + Number(p.minute),
        weekday: WEEKDAYS[p.weekday],
    };
}

export function todayLocal() { return localParts(new Date()).date; }

/** 'YYYY-MM-DD' plus n days (calendar arithmetic, no zone involved). */
export function addDays(isoDate, n) {
    const [y, m, d] = isoDate.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d + n));
    return date.toISOString().slice(0, 10);
}

/** ISO weekday 1 (Monday) .. 7 of a local date. */
export function weekdayOf(isoDate) {
    const [y, m, d] = isoDate.split('-').map(Number);
    const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    return day === 0 ? 7 : day;
}

export function mondayOf(isoDate) { return addDays(isoDate, 1 - weekdayOf(isoDate)); }

export function hhmm(minutes) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function toMinutes(text) {
    const [h, m] = text.split(':').map(Number);
    return h * 60 + m;
}

/** A studio-local wall time for the API: '2026-12-08T10:15:00' (no offset = the studio's zone). */
export function localDateTime(isoDate, minutes) { return `${isoDate}T${hhmm(minutes)}:00`; }

export function isValidDate(text) { return /^\d{4}-\d{2}-\d{2}$/.test(text || ''); }

/**
 * The instant (ISO string, UTC) at which the studio's clock shows `isoDate` + `minutes`; for the few
 * API fields that take an instant rather than a local wall time (a token's expiry). Found by
 * correcting a UTC guess by the zone's offset there (twice, for a DST edge in between).
 */
export function instantOf(isoDate, minutes, zone = studioTimeZone()) {
    const dayMs = (text) => { const [y, m, d] = text.split('-').map(Number); return Date.UTC(y, m - 1, d); };
    let guess = dayMs(isoDate) + minutes * 60000;
    for (let i = 0; i < 3; i++) {
        const shown = localParts(guess, zone);
        const diff = (dayMs(isoDate) - dayMs(shown.date)) + (minutes - shown.minutes) * 60000;
        if (diff === 0) break;
        guess += diff;
    }
    return new Date(guess).toISOString();
}
