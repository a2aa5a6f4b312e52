// The end: the booking, the link to manage it and the visit as a calendar file (.ics).

import { h, fill, icon } from '../dom.js';
import { t } from '../i18n.js';
import { visitDetails } from '../visit.js';
import { bookingCalendar, calendarUrl } from '../ics.js';

export default {
    render(body, { state, go }) {
        const booked = state.booked;
        const a = booked.appointment;
        const ics = bookingCalendar(booked, state.card);
        const waiting = a.status === 'deposit_required';
        fill(body,
            h('div.sf-done', { 'data-booked': a.id },
                h('div.sf-done-icon', { class: waiting ? 'waiting' : null }, icon(waiting ? 'hourglass_top' : 'check_circle')),
                h('p.sf-done-text', t(waiting ? 'book.done.waiting' : 'book.done.text', { studio: state.card.name }))),
            visitDetails(a, state.card),
            h('div.sf-manage',
                h('p.sf-hint', t('book.done.manage_hint')),
                h('a.sf-manage-link', { href: booked.manageUrl, 'data-action': 'manage' }, icon('link'), ' ', t('book.done.manage'))),
            h('div.sf-actions.sf-actions-split',
                h('a.btn.sf-secondary.waves-effect', { href: calendarUrl(ics), download: `visit-${a.id.slice(0, 8)}.ics`, 'data-action': 'ics' }, icon('event'), ' ', t('book.done.ics')),
                booked.payUrl && waiting ? h('a.btn.sf-primary.waves-effect', { href: booked.payUrl, 'data-action': 'pay' }, t('book.payment.pay_short')) : null,
                h('button.btn-flat.sf-link', { type: 'button', 'data-action': 'again', onclick: () => { location.reload(); } }, t('book.done.again'))));
    },
};
