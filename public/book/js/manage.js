// The manage page behind the link of a booking: the visit, cancelling (the fee the API states is
// shown first and accepted explicitly) and moving to another offered start of the same specialist.

import { get, post } from './api.js';
import { h, fill, icon, spinner, errorBanner, toast } from './dom.js';
import { t, money } from './i18n.js';
import { formatInstant, formatDate } from './studio-time.js';
import { visitDetails } from './visit.js';
import { loadSlots } from './slots.js';
import { dayGrid, startGrid, capitalize } from './pickers.js';

export async function mountManage(root, card, token) {
    const path = `/manage/${encodeURIComponent(token)}`;
    const currency = () => card.currency;
    let view;

    fill(root, h('section.sf-card', spinner()));
    try {
        view = await get(path);
    } catch (err) {
        fill(root, err.status === 404 ? invalidLink(card) : h('section.sf-card', { 'data-screen': 'manage-error' }, errorBanner(err)));
        return;
    }
    render();

    function render(banner) {
        const a = view.appointment;
        const fee = view.cancellationFee && Number(view.cancellationFee) > 0 ? view.cancellationFee : null;
        const actions = h('div.sf-actions.sf-actions-split',
            view.canReschedule ? h('button.btn.sf-secondary.waves-effect', { type: 'button', 'data-action': 'reschedule', onclick: reschedule }, icon('update'), ' ', t('book.manage.reschedule')) : null,
            view.canCancel ? h('button.btn.sf-danger.waves-effect', { type: 'button', 'data-action': 'cancel', onclick: () => askCancel(fee) }, icon('event_busy'), ' ', t('book.manage.cancel')) : null);
        fill(root, h('section.sf-card', { 'data-screen': 'manage', 'data-status': a.status },
            h('div.sf-step-head', h('h2.sf-title', t('book.manage.title'))),
            banner || null,
            visitDetails(a, card),
            view.payUrl && a.status === 'deposit_required'
                ? h('div.sf-actions', h('a.btn.sf-primary.waves-effect', { href: view.payUrl, 'data-action': 'pay' }, t('book.payment.pay', { amount: money(a.depositAmount, a.currency || currency()) })))
                : null,
            view.canCancel && fee ? h('div.sf-banner.warn', { 'data-fee': fee }, icon('schedule'),
                h('span', t('book.manage.fee_now', { fee: money(fee, currency()), hours: view.cancellationWindowHours }))) : null,
            view.canCancel && !fee ? h('p.sf-hint', { 'data-fee': '0' }, t('book.manage.free_until', { hours: view.cancellationWindowHours })) : null,
            !view.canCancel && view.canReschedule ? h('p.sf-hint', { 'data-notice': 'no_online_cancel' }, t('book.manage.call_to_cancel')) : null,
            !view.canCancel && !view.canReschedule ? h('p.sf-hint', { 'data-notice': 'closed' }, t('book.manage.closed')) : null,
            actions));
        document.body.dataset.ready = 'true';
    }

    function askCancel(fee) {
        const status = h('div.sf-status');
        const yes = h('button.btn.sf-danger.waves-effect', { type: 'button', 'data-action': 'cancel-confirm' }, fee ? t('book.manage.cancel_with_fee', { fee: money(fee, currency()) }) : t('book.manage.cancel_yes'));
        const box = h('div.sf-confirm', { 'data-confirm': 'cancel', role: 'alertdialog' },
            h('p', fee ? t('book.manage.cancel_question_fee', { fee: money(fee, currency()), service: view.appointment.serviceName, time: formatInstant(view.appointment.startsAt, 'dateTime') })
                : t('book.manage.cancel_question', { service: view.appointment.serviceName, time: formatInstant(view.appointment.startsAt, 'dateTime') })),
            status,
            h('div.sf-actions.sf-actions-split', yes, h('button.btn-flat.sf-link', { type: 'button', 'data-action': 'cancel-keep', onclick: () => render() }, t('book.manage.keep'))));
        root.querySelector('[data-screen=manage] .sf-actions-split').replaceWith(box);
        box.scrollIntoView({ block: 'nearest' });
        yes.addEventListener('click', async () => {
            yes.disabled = true;
            try {
                // The fee is accepted only when the client was shown it and agreed.
                view = await post(`${path}/cancel`, fee ? { acceptFee: true } : {});
                render(h('div.sf-banner.ok', { 'data-notice': 'cancelled' }, icon('check'), h('span', t('book.manage.cancelled'))));
            } catch (err) {
                yes.disabled = false;
                if (err.code === 'cancellation_fee_applies') {
                    // The window closed meanwhile: the fee is asked again, now named.
                    view.cancellationFee = err.details.fee;
                    askCancel(err.details.fee);
                    root.querySelector('[data-confirm=cancel] .sf-status').replaceChildren(errorBanner(err));
                } else if (err.code === 'online_cancellation_disabled') {
                    view.canCancel = false;
                    render(errorBanner(err));
                } else {
                    fill(status, errorBanner(err));
                }
            }
        });
    }

    async function reschedule(notice) {
        const a = view.appointment;
        const body = h('div.sf-step-body');
        fill(root, h('section.sf-card', { 'data-screen': 'manage-reschedule' },
            h('div.sf-step-head',
                h('button.btn-flat.sf-back', { type: 'button', 'data-action': 'back', 'aria-label': t('book.back'), onclick: () => render() }, icon('arrow_back')),
                h('h2.sf-title', t('book.manage.reschedule_title'))),
            h('ul.sf-summary', h('li', icon('spa'), h('span', a.serviceName)), h('li', icon('person'), h('span', a.staffName)),
                h('li', icon('event'), h('span', formatInstant(a.startsAt, 'dateTime')))),
            notice instanceof Node ? notice : null,
            body));
        fill(body, spinner());
        let slots;
        try {
            const ids = await bookedIds(a);
            if (!ids) { fill(body, h('p.sf-empty', { 'data-empty': 'reschedule' }, t('book.manage.reschedule_unavailable'))); return; }
            slots = await loadSlots(ids.serviceId, ids.staffId);
        } catch (err) {
            fill(body, errorBanner(err));
            return;
        }
        document.body.dataset.ready = 'true';
        const showDays = (selected) => fill(body, h('p.sf-hint', t('book.day.hint', { zone: card.timezone })), dayGrid(slots, selected, pickDay));
        // A chosen day shows its starts alone (the 60-day grid is long on a phone); "another day" goes back.
        function pickDay(date) {
            const starts = (slots.days.get(date) || []).filter((s) => s.startsAt !== a.startsAt);
            fill(body,
                h('div.sf-day-chosen',
                    h('strong', capitalize(formatDate(date, 'long'))),
                    h('button.btn-flat.sf-link', { type: 'button', 'data-action': 'other-day', onclick: () => showDays(date) }, t('book.manage.other_day'))),
                h('p.sf-hint', t('book.start.hint', { zone: card.timezone })),
                starts.length ? startGrid(starts, null, (s) => move(s)) : h('p.sf-empty', t('book.start.none')));
            window.scrollTo({ top: 0 });
        }
        showDays(null);
    }

    async function move(start) {
        try {
            view = await post(`${path}/reschedule`, { startsAt: start.startsAt });
            render(h('div.sf-banner.ok', { 'data-notice': 'moved' }, icon('check'), h('span', t('book.manage.moved', { time: formatInstant(view.appointment.startsAt, 'dateTime') }))));
        } catch (err) {
            if (err.code === 'slot_taken' || (err.fields && err.fields.startsAt === 'not_offered')) {
                reschedule(h('div.sf-banner.warn', { 'data-notice': 'slot_taken' }, icon('info'), h('span', t('book.error.slot_taken'))));
            } else {
                toast(err.message, 'error');
            }
        }
    }

    // The booking's service and specialist: moving keeps both (the manage answer names their ids).
    async function bookedIds(a) {
        return a.serviceId && a.staffId ? { serviceId: a.serviceId, staffId: a.staffId } : null;
    }
}

function invalidLink(card) {
    return h('section.sf-card.sf-invalid', { 'data-screen': 'manage-invalid' },
        h('div.sf-done-icon.bad', icon('link_off')),
        h('h2.sf-title', t('book.manage.invalid_title')),
        h('p', t('book.manage.invalid_text', { studio: card.name })),
        h('div.sf-actions', h('a.btn.sf-primary.waves-effect', { href: `/book/${encodeURIComponent(card.slug)}${location.search}`, 'data-action': 'book-new' }, t('book.manage.book_new'))));
}
