// Boot of the client's pages: /book/{slug} books, /book/{slug}/manage/{token} manages a booking,
// /book/{slug}/offer/{token} answers a waitlist offer, /tg/{slug} is the studio's Telegram Mini App.
// The studio's card gives its zone, currency, language, branding and captcha; then the page mounts.

import { get, useStudio, useLanguage, useTelegram } from './api.js';
import { loadLocale, pickLocale, t } from './i18n.js';
import { useZone } from './studio-time.js';
import { applyBranding } from './branding.js';
import { renderHeader } from './header.js';
import { h, fill, icon, errorBanner } from './dom.js';
import { mountBooking } from './booking.js';
import { mountManage } from './manage.js';
import { mountOffer } from './offer.js';
import { mountMiniApp, telegramInitData, telegramLanguage } from '/tg/js/miniapp.js';

function route() {
    const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    // ['book', slug], ['book', slug, 'manage', token], ['book', slug, 'offer', token] or ['tg', slug] (the Telegram Mini App)
    return {
        slug: parts[1] || '',
        token: parts[2] === 'manage' ? parts[3] || '' : null,
        offer: parts[2] === 'offer' ? parts[3] || '' : null,
        telegram: parts[0] === 'tg',
    };
}

async function boot() {
    const root = document.getElementById('book');
    const { slug, token, offer, telegram } = route();
    useStudio(slug);
    if (telegram) useTelegram(telegramInitData());
    let card;
    try {
        card = await get('');
    } catch (err) {
        await loadLocale(pickLocale(null));
        useLanguage(document.documentElement.lang);
        fill(root, h('section.sf-card.sf-invalid', { 'data-screen': err.status === 404 ? 'studio-missing' : 'studio-error' },
            h('div.sf-done-icon.bad', icon(err.status === 404 ? 'storefront' : 'error_outline')),
            err.status === 404 ? h('h2.sf-title', t('book.studio.missing')) : errorBanner(err)));
        document.title = t('book.title');
        document.body.dataset.ready = 'true';
        return;
    }
    // Inside Telegram the person's own Telegram language comes before the studio's.
    const locale = pickLocale((telegram && telegramLanguage()) || card.locale);
    await loadLocale(locale);
    useLanguage(locale);
    useZone(card.timezone);
    const logo = applyBranding(card.branding);
    renderHeader(document.querySelector('[data-header]'), card, logo);
    document.title = `${offer !== null ? t('book.offer.title') : token ? t('book.manage.title') : t('book.title')} — ${card.name}`;
    if (telegram) {
        await mountMiniApp(root, card);
    } else if (offer !== null) {
        await mountOffer(root, card, offer);
    } else if (token !== null) {
        await mountManage(root, card, token);
        document.body.dataset.ready = 'true';
    } else {
        mountBooking(root, card);
    }
}

boot().catch((err) => {
    console.error(err);
    fill(document.getElementById('book'), h('section.sf-card', { 'data-screen': 'boot-error' }, String(err.message || err)));
});
