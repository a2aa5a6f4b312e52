// The appointment card in the drawer: who, what, when, the status and its next steps as buttons
// in the order they happen, deposit and payment state, and the client's recent history (the
// client and the history are read when the card opens, in parallel).

import { get, post } from '../api.js';
import { t, money, formatInstant } from '../i18n.js';
import { h, icon, openDrawer, showError, confirmDialog, toast, fill } from '../ui.js';
import { ACTIONS, statusBadge, statusLabel } from '../status.js';
import { ref } from './data.js';
import { openBooking } from './booking.js';
import { localParts, addDays } from '../tz.js';
import * as session from '../session.js';
import { candidatesForAppointment } from '../waitlist/candidates.js';
import { offerChain } from '../waitlist/offers.js';

const REBOOK_WEEKS = 4;
const ACTION_ICONS = { confirmed: 'check', in_progress: 'login', completed: 'done_all', no_show: 'person_off', cancelled: 'close', pending: 'schedule', deposit_required: 'savings' };

/** The fee a cancellation now would record, from the studio's policy (the API decides; this only warns). */
function cancellationFee(appt) {
    const policy = ref().cancellation;
    if (!policy || policy.feeKind === 'none') return null;
    const hoursLeft = (new Date(appt.startsAt) - Date.now()) / 3_600_000;
    if (hoursLeft >= policy.windowHours) return null;
    if (policy.feeKind === 'fixed') return policy.feeAmount;
    // Percent of the price in minor units, rounded half up, without floating point on money.
    const [whole, frac = '00'] = appt.price.split('.');
    const minor = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0').slice(0, 2));
    const fee = (minor * BigInt(policy.feePercent) + 50n) / 100n;
    return `${fee / 100n}.${String(fee % 100n).padStart(2, '0')}`;
}

function row(label, value) { return h('div.card-row', null, h('span.grey-text', null, label), h('span', null, value)); }

function depositText(a) {
    if (a.depositStatus === 'none') return t('web.card.deposit_none');
    return `${t(`web.card.deposit_${a.depositStatus}`)}${a.depositAmount ? ` · ${money(a.depositAmount, a.currency)}` : ''}`;
}

export function openAppointment(appt, { onChanged }) {
    const service = ref().services.get(appt.serviceId);
    const member = ref().staff.find((s) => s.id === appt.staffId);
    const history = h('div.card-history', null, h('p.grey-text', null, t('web.common.loading')));
    const actions = h('div.card-actions');
    // The waitlist offers of the time it freed, or of the offer holding it (read once per card).
    const offers = offerChain(appt.id);
    const body = h('div.appt-card', { 'data-appointment': appt.id, 'data-status': appt.status });
    const drawer = openDrawer(t('web.card.title'), body, { wide: true });

    function render(a, client) {
        body.dataset.status = a.status;
        const who = client ? h('a', { href: `#/clients/${client.id}` }, client.name) : '—';
        fill(body, 
            h('div.card-headline', null, h('h3', null, who), statusBadge(a.status)),
            client && client.allergies ? h('p.allergies', null, icon('warning'), t('web.client.allergies'), ': ', client.allergies) : null,
            row(t('web.card.when'), `${formatInstant(a.startsAt, 'weekdayLong')}, ${formatInstant(a.startsAt, 'time')}–${formatInstant(a.endsAt, 'time')}`),
            row(t('web.card.service'), service ? service.name : '—'),
            row(t('web.card.staff'), member ? member.name : '—'),
            row(t('web.card.price'), money(a.price, a.currency)),
            row(t('web.card.deposit'), depositText(a)),
            row(t('web.card.payment'), t(`web.card.payment_${a.paymentStatus}`)),
            a.cancellationFee ? row(t('web.card.cancellation_fee'), money(a.cancellationFee, a.currency)) : null,
            a.notes ? row(t('web.card.notes'), a.notes) : null,
            actions,
            // The time a cancelled booking freed: who on the waitlist fits it (waitlist.smart).
            a.status === 'cancelled' && new Date(a.startsAt) > new Date() && session.has('waitlist.smart') && session.can('appointments.write')
                ? candidatesForAppointment(a.id, { onBooked: () => onChanged(a) }) : null,
            offers,
            h('div.section-title', null, t('web.card.history')),
            history);
        const writer = session.can('appointments.write');
        // The API names the moves its machine allows now; the mirrored table only orders them.
        const allowed = writer ? (ACTIONS[a.status] || []).filter(([to]) => !a.nextStatuses || a.nextStatuses.includes(to)) : [];
        // Rebook in one tap: the same client, service and staff member, N weeks on (UI.md).
        const rebook = writer && client ? h('button.btn-flat', { type: 'button', 'data-action': 'rebook', onclick: () => {
            openBooking({ staffId: a.staffId, date: addDays(localParts(a.startsAt).date, REBOOK_WEEKS * 7), serviceId: a.serviceId, client, onBooked: () => onChanged(a) });
        } }, icon('event_repeat', 'left'), t('web.card.rebook', { n: REBOOK_WEEKS })) : null;
        // The visit's invoice (made on first use, then the same one): the money screen's own drawer.
        const invoice = session.can('finance.write') && session.has('invoices') && !['cancelled', 'expired'].includes(a.status)
            ? h('button.btn-flat', { type: 'button', 'data-action': 'invoice', onclick: () => {
                import('../screens/invoices.js').then((m) => m.openInvoiceForAppointment(a.id));
            } }, icon('receipt', 'left'), t('web.card.invoice')) : null;
        fill(actions, ...allowed.map(([to, endpoint], index) => h(`button.btn${index === 0 && to !== 'cancelled' ? '' : '-flat'}${to === 'cancelled' || to === 'no_show' ? '.danger' : ''}`, {
            type: 'button', 'data-to': to, onclick: () => change(a, client, to, endpoint),
        }, icon(ACTION_ICONS[to] || 'arrow_forward', 'left'), t(`web.card.action.${to}`))), rebook, invoice);
    }

    async function change(a, client, to, endpoint) {
        if (to === 'cancelled' || to === 'no_show') {
            const fee = to === 'cancelled' ? cancellationFee(a) : null;
            const args = { name: client ? client.name.split(' ')[0] : '', time: formatInstant(a.startsAt, 'time'), service: service ? service.name : '' };
            let text = t(`web.card.confirm_${to}`, args);
            if (fee) text += ` ${t('web.card.fee_applies', { fee: money(fee, a.currency) })}`;
            if (!(await confirmDialog(text, { ok: t(`web.card.action.${to}`), danger: true }))) return;
        }
        actions.querySelectorAll('button').forEach((b) => { b.disabled = true; });
        try {
            const body = endpoint === 'status' ? { status: to } : undefined;
            const updated = await post(`/appointments/${a.id}/${endpoint}`, body, { idempotent: true });
            toast(t('web.card.changed', { status: statusLabel(updated.status) }), 'success');
            render(updated, client);
            renderHistory(lastHistory);
            onChanged(updated);
        } catch (err) {
            showError(err);
            render(a, client);
            renderHistory(lastHistory);
        }
    }

    let lastHistory = null;
    function renderHistory(items) {
        if (!items) return;
        const visits = items.filter((e) => e.kind === 'appointment' && e.id !== appt.id).slice(0, 5);
        fill(history, visits.length === 0 ? h('p.grey-text', null, t('web.card.first_visit'))
            : h('ul.timeline', null, visits.map((e) => h('li.timeline-entry', null,
                h('span.timeline-at.grey-text', null, formatInstant(e.at, 'date')), h('span', null, e.data.serviceName || ''), statusBadge(e.data.status)))));
    }

    render(appt, null);
    Promise.all([get(`/clients/${appt.clientId}`), get(`/clients/${appt.clientId}/history`, { limit: 20 }).catch(() => ({ items: [] }))])
        .then(([client, hist]) => {
            if (!document.body.contains(body)) return;
            lastHistory = hist.items;
            render(appt, client);
            const noShows = client.noShowCount ? h('p.no-shows', null, icon('person_off', 'tiny'), t('web.client.no_shows', { n: client.noShowCount })) : null;
            renderHistory(lastHistory);
            if (noShows) history.prepend(noShows);
        })
        .catch((err) => showError(err));
    return drawer;
}
