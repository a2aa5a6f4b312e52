// Strings from the server's catalog (GET /api/v1/i18n/{locale}, the `book.*` keys) and money in
// the studio's currency. The language: ?lang=, else the studio's, else the browser's.

export const LOCALES = ['ru', 'en'];
let catalog = {};
let locale = 'ru';
const formatters = new Map();

export function currentLocale() { return locale; }
export function intlLocale() { return locale === 'ru' ? 'ru-RU' : 'en-GB'; }

/** The language to show: an explicit ?lang= wins, then the studio's, then the browser's. */
export function pickLocale(studioLocale) {
    const asked = new URLSearchParams(location.search).get('lang');
    if (LOCALES.includes(asked)) return asked;
    if (LOCALES.includes(studioLocale)) return studioLocale;
    return (navigator.language || '').toLowerCase().startsWith('en') ? 'en' : 'ru';
}

export async function loadLocale(next) {
    if (!LOCALES.includes(next)) next = 'ru';
    const response = await fetch(`/api/v1/i18n/${next}`, { credentials: 'omit' });
    if (!response.ok) throw new Error(`i18n ${next}: HTTP ${response.status}`);
    catalog = await response.json();
    locale = next;
    formatters.clear();
    document.documentElement.lang = next;
}

/** t('book.x', { name }): the catalog's text with {placeholders} filled; the key when missing. */
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

/** "1500.00" (the API's decimal string) → "1 500,00 ₽" in ru; whole amounts without the kopecks. */
export function money(amount, currency) {
    if (amount === null || amount === undefined || amount === '') return '—';
    const whole = /\.00$/.test(String(amount));
    const key = `${currency}:${whole}`;
    if (!formatters.has(key)) {
        formatters.set(key, new Intl.NumberFormat(intlLocale(), {
            style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2,
        }));
    }
    return formatters.get(key).format(Number(amount));
}

/** "60 min" / "1 h 30 min" from minutes. */
export function duration(minutes) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (h && m) return t('book.duration.hm', { h, m });
    if (h) return t('book.duration.h', { h });
    return t('book.duration.m', { m });
}
