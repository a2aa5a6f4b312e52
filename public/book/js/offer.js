// The page of a waitlist offer (/book/{slug}/offer/{token}): the time held for the client, until
// when, and her answer — book it, or let it go to the next client. A late answer is refused by
// the API (offer_expired) and said so; an answered offer shows its outcome.

import { get, post } from './api.js';
import { h, fill, icon, spinner, errorBanner } from './dom.js';
import { t } from './i18n.js';
import { formatInstant } from './studio-time.js';

export async function mountOffer(root, card, token) {
    const path = `/offers/${encodeURIComponent(token)}`;
    fill(root, h('section.sf-card', spinner()));
    let offer;
    try {
        offer = await get(path);
    } catch (err) {
        fill(root, err.status === 404
            ? h('section.sf-card.sf-invalid', { 'data-screen': 'offer-invalid' }, h('div.sf-done-icon.bad', icon('link_off')), h('h2.sf-title', t('book.offer.missing')))
            : h('section.sf-card', { 'data-screen': 'offer-error' }, errorBanner(err)));
        document.body.dataset.ready = 'true';
        return;
    }
    render(offer);

    function details(o) {
        const row = (name, label, value, extra) => h('div.sf-row', h('span.sf-row-label', icon(name), label), h('span.sf-row-value', value, extra ? h('small.sf-muted', extra) : null));
        return h('div.sf-details',
            row('event', t('book.confirm.when'), formatInstant(o.startsAt, 'dateTime'),
                `${formatInstant(o.startsAt, 'time')}–${formatInstant(o.endsAt, 'time')} · ${t('book.time_zone', { zone: card.timezone })}`),
            row('spa', t('book.confirm.service'), o.serviceName),
            row('person', t('book.confirm.staff'), o.staffName));
    }

    function outcome(o) {
        switch (o.status) {
        case 'accepted':
            return h('div.sf-banner.ok', { 'data-outcome': 'accepted' }, icon('event_available'), h('span', t('book.offer.accepted')));
        case 'declined':
            return h('div.sf-banner', { 'data-outcome': 'declined' }, icon('info'), h('span', t('book.offer.declined')));
        case 'expired':
            return h('div.sf-banner.warn', { 'data-outcome': 'expired' }, icon('timer_off'), h('span', t('book.offer.expired')));
        default:
            return h('div.sf-banner.warn', { 'data-outcome': o.status }, icon('info'), h('span', t('book.offer.closed')));
        }
    }

    function render(o, banner) {
        const open = o.status === 'offered';
        const actions = open ? h('div.sf-actions.sf-actions-split',
            h('button.btn.sf-primary.waves-effect', { type: 'button', 'data-action': 'accept', onclick: () => answer('accept') }, icon('event_available'), ' ', t('book.offer.accept')),
            h('button.btn-flat.sf-link', { type: 'button', 'data-action': 'decline', onclick: () => answer('decline') }, t('book.offer.decline')))
            : o.manageUrl ? h('div.sf-actions', h('a.btn.sf-secondary.waves-effect', { href: o.manageUrl, 'data-action': 'manage' }, t('book.offer.manage'))) : null;
        fill(root, h('section.sf-card', { 'data-screen': 'offer', 'data-status': o.status },
            h('div.sf-step-head', h('h2.sf-title', t('book.offer.title'))),
            open ? h('p.sf-hint', { 'data-offer-until': o.expiresAt }, t('book.offer.lead', { until: formatInstant(o.expiresAt, 'dateTime') })) : outcome(o),
            banner || null,
            details(o),
            actions));
        document.body.dataset.ready = 'true';
    }

    async function answer(verb) {
        root.querySelectorAll('[data-action]').forEach((b) => { b.disabled = true; });
        try {
            offer = await post(`${path}/${verb}`);
            render(offer);
        } catch (err) {
            try { offer = await get(path); } catch { /* keep the last one */ }
            render(offer, errorBanner(err));
        }
    }
}
