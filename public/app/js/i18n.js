// Strings, money and dates. Every visible word comes from the server's catalog (lang/<locale>.json
// through GET /api/v1/i18n/{locale}); every date and time is shown in the STUDIO's time zone, never
// the browser's: a receptionist in another zone must see the studio's day.

import { setLanguage } from './api.js';

export const LOCALES = ['ru', 'en'];
const STORAGE_KEY = 'veloria.locale';

let catalog = {};
let locale = 'ru';
let loaded = null; // the locale whose catalog is in memory
// The studio's settings; until sign-in the browser's zone is only used for nothing time-related.
let studio = { timeZone: 'UTC', currency: 'RUB' };
const formatters = new Map();

export function currentLocale() { return locale; }
export function loadedLocale() { return loaded; }
export function studioTimeZone() { return studio.timeZone; }
export function studioCurrency() { return studio.currency; }

/** The language before sign-in: the one chosen last on this browser, else the browser's, else ru. */
export function initialLocale() {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LOCALES.includes(saved)) return saved;
    return (navigator.language || '').toLowerCase().startsWith('en') ? 'en' : 'ru';
}

export async function loadLocale(next) {
    if (!LOCALES.includes(next)) next = 'ru';
    const response = await fetch(`/api/v1/i18n/${next}`, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`i18n ${next}: HTTP ${response.status}`);
    catalog = await response.json();
    locale = next;
    loaded = next;
    formatters.clear();
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLanguage(next);
}

export function setStudio({ timeZone, currency }) {
    studio = { timeZone: timeZone || 'UTC', currency: currency || 'RUB' };
    formatters.clear();
}

/** t('web.x', { name: 'Anna' }): the catalog's text with {placeholders} filled; the key when missing. */
export function t(key, args) {
    const text = catalog[key];
    if (text === undefined) {
        console.warn(`missing string: ${key}`);
        return key;
    }
    if (!args) return text;
    return text.replace(/\{(\w+)\}/g, (match, name) => (name in args ? String(args[name]) : match));
}

export function has(key) { return key in catalog; }

function formatter(kind, make) {
    if (!formatters.has(kind)) formatters.set(kind, make());
    return formatters.get(kind);
}

function intlLocale() { return locale === 'ru' ? 'ru-RU' : 'en-GB'; }

/** "1500.00" (the API's decimal string) → "1 500,00 ₽" in ru. Never through float arithmetic. */
export function money(amount, currency) {
    if (amount === null || amount === undefined || amount === '') return '—';
    const code = currency || studio.currency;
    return formatter(`money:${code}`, () => new Intl.NumberFormat(intlLocale(), { style: 'currency', currency: code }))
        .format(Number(amount));
}

const DATE_STYLES = {
    date: { day: 'numeric', month: 'long', year: 'numeric' },
    dateShort: { day: 'numeric', month: 'short' },
    weekday: { weekday: 'short', day: 'numeric', month: 'short' },
    weekdayLong: { weekday: 'long', day: 'numeric', month: 'long' },
    time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    dateTime: { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    monthYear: { month: 'long', year: 'numeric' },
    weekdayNarrow: { weekday: 'short' },
};

/** An instant (ISO string or Date) in the studio's zone: style is a key of DATE_STYLES. */
export function formatInstant(value, style = 'dateTime') {
    if (!value) return '—';
    const date = value instanceof Date ? value : new Date(value);
    return formatter(`date:${style}`, () => new Intl.DateTimeFormat(intlLocale(), { ...DATE_STYLES[style], timeZone: studio.timeZone }))
        .format(date);
}

/** A studio-local calendar date 'YYYY-MM-DD' (no instant behind it): formatted without a zone shift. */
export function formatLocalDate(isoDate, style = 'date') {
    if (!isoDate) return '—';
    const [y, m, d] = isoDate.split('-').map(Number);
    return formatter(`local:${style}`, () => new Intl.DateTimeFormat(intlLocale(), { ...DATE_STYLES[style], timeZone: 'UTC' }))
        .format(new Date(Date.UTC(y, m - 1, d, 12)));
}

export function number(value, digits = 0) {
    return formatter(`num:${digits}`, () => new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }))
        .format(value);
}

/** Replaces the text of every [data-t] element under root (static HTML carries keys, not words). */
export function translateDom(root = document) {
    for (const el of root.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
    for (const el of root.querySelectorAll('[data-t-placeholder]')) el.placeholder = t(el.dataset.tPlaceholder);
    for (const el of root.querySelectorAll('[data-t-title]')) el.title = t(el.dataset.tTitle);
    for (const el of root.querySelectorAll('[data-t-aria]')) el.setAttribute('aria-label', t(el.dataset.tAria));
}
