// A booking as the client sees it (the API's appointment of `book` and `manage`), in the studio's time.

import { h, icon } from './dom.js';
import { t, money, has } from './i18n.js';
import { formatInstant } from './studio-time.js';

export function statusLabel(status) {
    return has(`book.status.${status}`) ? t(`book.status.${status}`) : status;
}

export function visitDetails(a, card) {
    const row = (name, label, value, extra) => h('div.sf-row', h('span.sf-row-label', icon(name), label), h('span.sf-row-value', value, extra ? h('small.sf-muted', extra) : null));
    const currency = a.currency || card.currency;
    const place = (card.locations || []).find((l) => l.address);
    return h('div.sf-details', { 'data-visit': a.id, 'data-status': a.status },
        row('event', t('book.confirm.when'), formatInstant(a.startsAt, 'dateTime'),
            `${formatInstant(a.startsAt, 'time')}–${formatInstant(a.endsAt, 'time')} · ${t('book.time_zone', { zone: card.timezone })}`),
        row('spa', t('book.confirm.service'), a.serviceName),
        row('person', t('book.confirm.staff'), a.staffName),
        row('payments', t('book.confirm.price'), money(a.price, currency)),
        a.depositAmount ? row('savings', t('book.visit.deposit'), money(a.depositAmount, currency), t(`book.deposit.${a.depositStatus}`)) : null,
        place ? row('place', t('book.visit.address'), place.address) : null,
        row('info', t('book.visit.status'), h('span.sf-badge', { 'data-badge': a.status }, statusLabel(a.status))));
}
