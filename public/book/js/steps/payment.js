// After booking, when a deposit is due: its amount and the button to the studio's payment page
// (the API's payUrl). Without a payment provider the API answers no payUrl: the studio then asks
// for the deposit itself, and the page says so instead of showing a button that leads nowhere.

import { h, fill, icon } from '../dom.js';
import { t, money } from '../i18n.js';
import { formatInstant } from '../studio-time.js';

export default {
    render(body, { state, go }) {
        const booked = state.booked;
        const a = booked.appointment;
        const amount = money(a.depositAmount, a.currency || state.card.currency);
        fill(body,
            h('div.sf-pay', { 'data-payment': booked.payUrl ? 'link' : 'none' },
                h('p.sf-muted', `${a.serviceName} · ${formatInstant(a.startsAt, 'dateTime')}`),
                h('div.sf-pay-amount', h('span.sf-muted', t('book.payment.amount')), h('strong', { 'data-amount': a.depositAmount }, amount)),
                h('p', t('book.payment.why', { price: money(a.price, a.currency || state.card.currency) })),
                booked.payUrl
                    ? h('a.btn-large.sf-primary.waves-effect', { href: booked.payUrl, 'data-action': 'pay', rel: 'noopener' }, icon('lock'), ' ', t('book.payment.pay', { amount }))
                    : h('div.sf-banner.warn', { 'data-notice': 'no_pay_link' }, icon('info'), h('span', t('book.payment.no_link')))),
            h('div.sf-actions', h('button.btn-flat.sf-link', { type: 'button', 'data-action': 'to-done', onclick: () => go('done') },
                booked.payUrl ? t('book.payment.later') : t('book.next'))));
    },
};
