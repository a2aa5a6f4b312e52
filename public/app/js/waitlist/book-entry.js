// Booking a waiting client: a day and a staff member (the entry's own, or any who performs the
// service), the offered starts of that day from the slot engine, then POST /waitlist/{id}/book.
// Only offered starts can be chosen, as everywhere.

import { get, post } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { h, icon, fill, openDrawer, showError, busy, toast, skeleton } from '../ui.js';
import { todayLocal } from '../tz.js';
import { field } from '../money/common.js';

/** openBookEntry({ entry, staff, onBooked }) — a drawer. */
export function openBookEntry({ entry, staff, onBooked }) {
    const performing = staff.filter((s) => s.serviceIds.includes(entry.serviceId) && (!entry.staffId || s.id === entry.staffId));
    const staffSelect = h('select.browser-default', { name: 'staffId', 'aria-label': t('web.waitlist.staff') },
        performing.map((s) => h('option', { value: s.id }, s.name)));
    const first = entry.notBefore && entry.notBefore > todayLocal() ? entry.notBefore : todayLocal();
    const dateInput = h('input', { type: 'date', name: 'date', value: first, min: todayLocal(), max: entry.expiresOn || null });
    const slots = h('div.slots.waitlist-slots', { 'data-slots': true });
    let chosen = null;
    const bookButton = h('button.btn', { type: 'submit', 'data-action': 'confirm-book-entry', disabled: true }, icon('event_available', 'left'), t('web.waitlist.book'));
    const form = h('form.money-form', { 'data-form': 'book-entry', novalidate: true },
        h('p.grey-text', null, t('web.waitlist.book_hint', { client: entry.clientName || '', service: entry.serviceName || '' })),
        field('web.waitlist.staff', staffSelect), field('web.waitlist.day', dateInput), slots,
        h('div.form-actions', null, bookButton));
    let ticket = 0;
    async function loadSlots() {
        const mine = ++ticket;
        chosen = null;
        bookButton.disabled = true;
        fill(slots, skeleton(2));
        try {
            const answer = await get('/availability/slots', { serviceId: entry.serviceId, staffId: staffSelect.value, from: dateInput.value, to: dateInput.value });
            if (mine !== ticket) return;
            const starts = (answer.staff[0] && answer.staff[0].days.find((d) => d.date === dateInput.value) || { starts: [] }).starts;
            if (starts.length === 0) return fill(slots, h('p.grey-text', { 'data-empty': true }, t('web.waitlist.no_starts')));
            fill(slots, starts.map((iso) => h('button.slot', { type: 'button', 'data-start': iso, onclick: (e) => {
                slots.querySelectorAll('.slot.selected').forEach((b) => b.classList.remove('selected'));
                e.currentTarget.classList.add('selected');
                chosen = iso;
                bookButton.disabled = false;
            } }, formatInstant(iso, 'time'))));
        } catch (err) { if (mine === ticket) { fill(slots); showError(err); } }
    }
    staffSelect.addEventListener('change', loadSlots);
    dateInput.addEventListener('change', loadSlots);
    const drawer = openDrawer(t('web.waitlist.book_title'), form, { wide: true });
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (!chosen) return;
        busy(form, async () => {
            try {
                const answer = await post(`/waitlist/${entry.id}/book`, { startsAt: chosen, staffId: staffSelect.value }, { idempotent: true });
                toast(t('web.waitlist.booked_ok', { at: formatInstant(answer.startsAt, 'dateTime') }), 'success');
                drawer.close();
                if (onBooked) onBooked(answer);
            } catch (err) { showError(err, form); if (err.code === 'slot_taken') loadSlots(); }
        });
    });
    if (performing.length === 0) fill(slots, h('p.grey-text', null, t('web.waitlist.nobody_performs')));
    else loadSlots();
    return drawer;
}
