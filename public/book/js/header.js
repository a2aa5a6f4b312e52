// The studio's header: logo (from its branding) or initial, name, address, and the language switch.

import { h, fill, icon } from './dom.js';
import { LOCALES, currentLocale } from './i18n.js';

export function renderHeader(host, card, logoUrl) {
    const place = (card.locations || []).find((l) => l.address);
    const switchTo = (locale) => {
        const url = new URL(location.href);
        url.searchParams.set('lang', locale);
        return url.pathname + url.search;
    };
    fill(host, h('div.sf-header-inner',
        logoUrl
            ? h('img.sf-logo', { src: logoUrl, alt: card.name, 'data-logo': '' })
            : h('span.sf-logo.sf-logo-letter', { 'aria-hidden': 'true' }, (card.name.replace(/[^\p{L}\p{N}]/gu, '')[0] || 'V').toUpperCase()),
        h('div.sf-studio',
            h('h1.sf-studio-name', card.name),
            place ? h('div.sf-studio-address', icon('place'), h('span', place.address)) : null),
        h('div.sf-langs', { role: 'navigation', 'aria-label': 'Language' }, LOCALES.map((locale) => locale === currentLocale()
            ? h('span.sf-lang.current', { 'data-lang': locale, 'aria-current': 'true' }, locale.toUpperCase())
            : h('a.sf-lang', { href: switchTo(locale), 'data-lang': locale, hreflang: locale }, locale.toUpperCase())))));
}
