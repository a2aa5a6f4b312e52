// The studio's Telegram Mini App (/tg/{slug}): the booking page inside Telegram. Telegram hands the
// page its initData in the URL's fragment (#tgWebAppData=…); every API call carries it and the
// server checks it with the studio's bot token. GET telegram/me says who opened the app: a master
// linked to this Telegram account sees her day; anyone else books, with what the studio already
// knows of them filled in. No script is loaded from Telegram: the two events the page sends
// (ready, expand) go through Telegram's documented postEvent bridge.

import { get } from '/book/js/api.js';
import { t } from '/book/js/i18n.js';
import { h, fill, icon, errorBanner } from '/book/js/dom.js';
import { mountBooking } from '/book/js/booking.js';
import { formatInstant, formatDate, localDate, addDays } from '/book/js/studio-time.js';

const STORE = 'veloria.tgWebAppData';

function fragment() { return new URLSearchParams(location.hash.slice(1)); }

/** The raw initData: from Telegram's SDK when a page has it, else the launch fragment (kept for reloads). */
export function telegramInitData() {
    const sdk = window.Telegram && window.Telegram.WebApp && window.Telegram.WebApp.initData;
    const data = sdk || fragment().get('tgWebAppData') || sessionStorage.getItem(STORE);
    if (data) sessionStorage.setItem(STORE, data);
    return data || null;
}

/** The Telegram user's language when the studio speaks it ('ru' or 'en'), else null. */
export function telegramLanguage() {
    try {
        const user = JSON.parse(new URLSearchParams(telegramInitData() || '').get('user') || '{}');
        const code = String(user.language_code || '').slice(0, 2);
        return ['ru', 'en'].includes(code) ? code : null;
    } catch { return null; }
}

/** Telegram's postEvent bridge: the mobile apps' proxy, Telegram Desktop's, or the web client's parent frame. */
function postEvent(type, data = {}) {
    const payload = JSON.stringify(data);
    try {
        if (window.TelegramWebviewProxy) window.TelegramWebviewProxy.postEvent(type, payload);
        else if (window.external && 'notify' in window.external) window.external.notify(JSON.stringify({ eventType: type, eventData: data }));
        else if (window.parent !== window) window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }), 'https://web.telegram.org');
    } catch { /* outside Telegram: nothing to tell */ }
}

/** Telegram's colours for the page (light or dark, as the person's Telegram is set). */
function applyTheme() {
    try {
        const theme = JSON.parse(fragment().get('tgWebAppThemeParams') || '{}');
        const root = document.documentElement.style;
        for (const [key, value] of Object.entries(theme)) {
            if (/^#[0-9a-f]{6}$/i.test(value)) root.setProperty(`--tg-${key.replace(/_/g, '-')}`, value);
        }
    } catch { /* no theme: the studio's own look */ }
}

export async function mountMiniApp(root, card) {
    document.head.append(h('link', { rel: 'stylesheet', href: '/tg/css/tg.css' }));
    applyTheme();
    document.body.dataset.telegram = 'true';
    postEvent('web_app_ready');
    postEvent('web_app_expand');
    if (!telegramInitData()) return refuse(root, null);
    let me;
    try {
        me = await get('/telegram/me');
    } catch (err) {
        return refuse(root, err);
    }
    if (me.staff) return staffDay(root, card, me, me.staff);
    const known = me.client || {};
    mountBooking(root, card, {
        contacts: {
            name: known.name || [me.user.firstName, me.user.lastName].filter(Boolean).join(' '),
            phone: known.phone || '', email: known.email || '',
        },
    });
}

function refuse(root, err) {
    fill(root, h('section.sf-card.sf-invalid', { 'data-screen': 'tg-invalid' },
        h('div.sf-done-icon.bad', icon('lock')),
        h('h2.sf-title', t('book.tg.invalid')),
        h('p.sf-hint', t('book.tg.invalid_hint')),
        err && err.status !== 401 ? errorBanner(err) : null));
    document.body.dataset.ready = 'true';
}

/** A master's day: her visits of one date with the client and service, a day back or forward. */
function staffDay(root, card, me, day) {
    const list = day.appointments.length
        ? h('ul.tg-day', { 'data-day': day.date }, day.appointments.map((visit) => h('li.tg-visit', { 'data-status': visit.status },
            h('span.tg-time', `${formatInstant(visit.startsAt, 'time')}–${formatInstant(visit.endsAt, 'time')}`),
            h('span.tg-what', h('strong', visit.clientName), h('span.sf-muted', visit.serviceName)),
            h('span.tg-status', t(`book.tg.status.${visit.status}`)))))
        : h('p.sf-hint', { 'data-day': day.date, 'data-empty': '' }, t('book.tg.day_empty'));
    const go = async (date) => {
        try { staffDay(root, card, me, (await get('/telegram/me', { date })).staff || day); } catch (err) { refuse(root, err); }
    };
    fill(root, h('section.sf-card', { 'data-screen': 'tg-day' },
        h('div.sf-step-head', h('h2.sf-title', t('book.tg.day_title', { name: day.name }))),
        h('div.tg-day-nav',
            h('button.btn-flat', { type: 'button', 'data-action': 'day-back', 'aria-label': t('book.tg.day_back'), onclick: () => go(addDays(day.date, -1)) }, icon('chevron_left')),
            h('span.tg-date', day.date === localDate() ? t('book.tg.today', { date: formatDate(day.date, 'long') }) : formatDate(day.date, 'long')),
            h('button.btn-flat', { type: 'button', 'data-action': 'day-forward', 'aria-label': t('book.tg.day_forward'), onclick: () => go(addDays(day.date, 1)) }, icon('chevron_right'))),
        list,
        h('div.sf-actions', h('button.btn.sf-primary', { type: 'button', 'data-action': 'book', onclick: () => mountBooking(root, card, { contacts: { name: me.user.firstName } }) }, icon('add', 'left'), t('book.tg.book')))));
    document.body.dataset.ready = 'true';
}
