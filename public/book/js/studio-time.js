// Times in the STUDIO's zone, never the browser's: an instant is formatted with Intl's timeZone,
// and a studio-local date ("2026-12-08") is plain calendar arithmetic (no zone involved at all).

import { intlLocale } from './i18n.js';

let zone = 'UTC';
const formatters = new Map();

export function useZone(name) { zone = name || 'UTC'; formatters.clear(); }
export function studioZone() { return zone; }

const STYLES = {
    time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    dateLong: { weekday: 'long', day: 'numeric', month: 'long' },
    dateTime: { weekday: 'short', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    parts: { year: 'numeric', month: '2-digit', day: '2-digit' },
};

function formatter(style, timeZone) {
    const key = `${style}:${timeZone}`;
    if (!formatters.has(key)) {
        const locale = style === 'parts' ? 'en-CA' : intlLocale();
        formatters.set(key, new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone }));
    }
    return formatters.get(key);
}

/** An ISO instant shown in the studio's zone: 'time' | 'dateLong' | 'dateTime'. */
export function formatInstant(iso, style = 'time') { return formatter(style, zone).format(new Date(iso)); }

/** The studio-local date ("YYYY-MM-DD") of an instant; of now by default. */
export function localDate(instant = new Date()) {
    const parts = Object.fromEntries(formatter('parts', zone).formatToParts(instant).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
}

// A studio-local date as a UTC noon: its weekday and label do not depend on any zone.
function dateValue(iso) {
    const [y, m, d] = iso.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d, 12));
}

export function addDays(iso, days) {
    const date = dateValue(iso);
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a studio-local date. */
export function weekday(iso) { return dateValue(iso).getUTCDay() || 7; }

/** A studio-local date in words: 'weekday' (Mon 8), 'long' (Monday, 8 December), 'month' (December 2026), 'dayShort' (Mon). */
export function formatDate(iso, style = 'long') {
    const options = {
        long: { weekday: 'long', day: 'numeric', month: 'long' },
        month: { month: 'long', year: 'numeric' },
        dayShort: { weekday: 'short' },
    }[style];
    const key = `date:${style}`;
    if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat(intlLocale(), { ...options, timeZone: 'UTC' }));
    return formatters.get(key).format(dateValue(iso));
}
