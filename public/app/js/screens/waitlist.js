// The waitlist: who waits for which service, with whom, on which days and hours (who waited
// longest first), by status; the card right on a desk (the drawer on a phone) with Book (only
// offered starts), Edit and Take off the list. On Veloria and up (`waitlist.smart`) a free
// interval of a staff member can be matched: the waiting clients ranked, each score's parts shown.
// On Imperium (`calendar.autofill`) the studio switches automatic offers on, with their lifetime.

import { get, post, getAll } from '../api.js';
import { t, formatInstant, formatLocalDate } from '../i18n.js';
import { can, has } from '../session.js';
import { h, icon, fill, showError, confirmDialog, toast } from '../ui.js';
import { masterDetail, chips, pagedList, figures, moneyBadge, label } from '../money/common.js';
import { openEntryForm } from '../waitlist/entry-form.js';
import { openBookEntry } from '../waitlist/book-entry.js';
import { candidatesList } from '../waitlist/candidates.js';
import { autofillSettings } from '../waitlist/offers.js';

const STATUSES = ['active', 'offered', 'booked', 'expired', 'cancelled', ''];

/** "Tue, Thu · 10:00–14:00" or "any time". */
export function preference(entry) {
    const days = entry.days.map((d) => t(`web.staff.weekday_short.${d}`)).join(', ');
    const hours = entry.windows.map(([a, b]) => `${a}–${b}`).join(', ');
    return [days, hours].filter(Boolean).join(' · ') || t('web.waitlist.any_time');
}

export default {
    title: 'web.waitlist.title',
    async mount(root, ctx) {
        const writer = can('appointments.write');
        let status = ctx.query.status ?? 'active';
        const [services, staff] = await Promise.all([getAll('/services'), getAll('/staff', { 'filter[active]': 'true' })]);
        const staffName = (id) => (id ? (staff.find((s) => s.id === id) || {}).name || '…' : t('web.waitlist.any_staff'));
        const row = (e) => h('a.money-row.waitlist-row', { href: `#/waitlist?id=${e.id}`, 'data-entry': e.id, 'data-list-item': true, 'data-status': e.status,
            onclick: (event) => { event.preventDefault(); open(e.id); } },
            h('span.row-main', null, h('strong', null, e.clientName || '—'), ' ', h('span.grey-text', null, e.serviceName || '')),
            h('span.row-side', null, h('span.chip-small', { 'data-priority': e.priority }, t(`web.waitlist.priority.${e.priority}`)), moneyBadge('web.waitlist.status', e.status)),
            h('span.row-sub.grey-text', null, staffName(e.staffId), ' · ', preference(e), ' · ', t('web.waitlist.waiting_days', { n: e.waitingDays }),
                e.expiresOn ? ` · ${t('web.waitlist.until', { day: formatLocalDate(e.expiresOn, 'dateShort') })}` : ''));
        const list = pagedList({ path: '/waitlist', query: () => ({ 'filter[status]': status || undefined }), row, empty: t('web.waitlist.none'), signal: ctx.signal });
        const toolbar = h('div.money-toolbar', null,
            h('div.toolbar-row.waitlist-toolbar', null,
                writer ? h('button.btn', { type: 'button', 'data-action': 'new-entry', onclick: () => startNew() }, icon('playlist_add', 'left'), t('web.waitlist.new')) : null,
                has('waitlist.smart') ? h('button.btn-flat', { type: 'button', 'data-action': 'match', onclick: () => startMatch() }, icon('manage_search', 'left'), t('web.waitlist.match')) : null,
                has('calendar.autofill') ? h('button.btn-flat', { type: 'button', 'data-action': 'autofill', onclick: () => startAutofill() }, icon('forward_to_inbox', 'left'), t('web.waitlist.autofill.title')) : null),
            chips('status', STATUSES.map((s) => ({ value: s, label: s ? label('web.waitlist.status', s) : t('web.money.all') })), status,
                (value) => { status = value; ctx.setQuery({ status: value }); list.reload(); }));
        const md = masterDetail({ screen: 'waitlist', toolbar, list: list.list, more: list.more, empty: t('web.waitlist.pick') });

        function card(e) {
            const actions = [];
            if (writer && e.status === 'active') {
                actions.push(h('button.btn', { type: 'button', 'data-action': 'book-entry', onclick: () => openBookEntry({ entry: e, staff, onBooked: () => { list.reload(); open(e.id); } }) }, icon('event_available', 'left'), t('web.waitlist.book')));
                actions.push(h('button.btn-flat', { type: 'button', 'data-action': 'edit-entry', onclick: () => openEntryForm({ entry: e, services, staff, signal: ctx.signal, onSaved: (saved) => { list.reload(); show(saved); } }) }, icon('edit', 'left'), t('web.catalog.edit')));
                actions.push(h('button.btn-flat', { type: 'button', 'data-action': 'cancel-entry', onclick: async () => {
                    if (!(await confirmDialog(t('web.waitlist.cancel_confirm', { client: e.clientName || '' }), { danger: true }))) return;
                    try { show(await post(`/waitlist/${e.id}/cancel`, {})); list.reload(); toast(t('web.waitlist.cancelled'), 'success'); } catch (err) { showError(err); }
                } }, icon('playlist_remove', 'left'), t('web.waitlist.cancel')));
            }
            return h('div.waitlist-card', { 'data-waitlist-card': e.id, 'data-status': e.status },
                h('p.card-status', null, moneyBadge('web.waitlist.status', e.status), ' ', h('span.chip-small', null, t(`web.waitlist.priority.${e.priority}`))),
                figures([
                    ['web.money.client', h('a', { href: `#/clients/${e.clientId}` }, e.clientName || '—')],
                    ['web.waitlist.service', e.serviceName || '—'],
                    ['web.waitlist.staff', staffName(e.staffId)],
                    ['web.waitlist.days', preference(e)],
                    e.notBefore ? ['web.waitlist.not_before', formatLocalDate(e.notBefore, 'date')] : null,
                    e.expiresOn ? ['web.waitlist.expires_on', formatLocalDate(e.expiresOn, 'date')] : null,
                    ['web.waitlist.waiting', t('web.waitlist.waiting_days', { n: e.waitingDays })],
                    e.channel ? ['web.waitlist.channel', e.channel] : null,
                    e.notes ? ['web.waitlist.notes', e.notes] : null,
                    e.appointmentId ? ['web.waitlist.appointment', h('a', { href: `#/calendar?appointment=${e.appointmentId}`, 'data-appointment-link': e.appointmentId }, t('web.waitlist.open_appointment'))] : null,
                    ['web.waitlist.added_at', formatInstant(e.createdAt, 'dateTime')],
                ]),
                actions.length ? h('div.card-actions', null, actions) : null);
        }
        function show(e) { md.showCard(t('web.waitlist.card_title', { client: e.clientName || '' }), card(e)); }
        async function open(id) {
            ctx.setQuery({ status, id });
            md.loading();
            try { show(await get(`/waitlist/${id}`, null, { signal: ctx.signal })); } catch (err) { showError(err); }
        }
        function startNew() {
            openEntryForm({ services, staff, signal: ctx.signal, clientId: ctx.query.client || null, onSaved: (saved) => { list.reload(); show(saved); } });
        }
        function startAutofill() {
            md.showCard(t('web.waitlist.autofill.title'), autofillSettings({ editable: can('settings.write') }));
        }
        function startMatch() {
            md.showCard(t('web.waitlist.match'), candidatesList({ staff, onBooked: () => list.reload() }));
        }
        fill(root, md.root);
        list.reload();
        if (ctx.query.id) open(ctx.query.id);
        if (ctx.query.new && writer) startNew();
        return { onNew: writer ? startNew : undefined };
    },
};
