// The booking drawer: client (search as you type, or a new one inline), service, staff (from the
// clicked column), day, and ONLY the starts the slots API offers. When the clicked time is not
// offered, "why not" asks the explain endpoint and says the reasons in words.

import { get, post } from '../api.js';
import { t, formatInstant, money } from '../i18n.js';
import { h, icon, openDrawer, showError, clearFieldErrors, toast, busy, formValues, fill } from '../ui.js';
import { localParts, localDateTime, hhmm, isValidDate } from '../tz.js';
import { ref } from './data.js';

function clientPicker(onPick) {
    const input = h('input', { type: 'search', name: 'clientSearch', autocomplete: 'off', placeholder: t('web.booking.client_search'), 'data-field': 'client-search' });
    const results = h('div.picker-results');
    const chosen = h('div.picker-chosen', { hidden: true });
    const newForm = h('div.new-client', { hidden: true },
        h('div.input-field', null, h('input', { name: 'name', id: 'nc-name', type: 'text' }), h('label', { for: 'nc-name' }, t('web.booking.client_name'))),
        h('div.input-field', null, h('input', { name: 'phone', id: 'nc-phone', type: 'tel' }), h('label', { for: 'nc-phone' }, t('web.booking.client_phone'))),
        h('button.btn-small', { type: 'button', 'data-action': 'create-client' }, t('web.booking.create_client')));
    let timer = null;
    let ticket = 0;
    const pick = (c) => {
        onPick(c);
        input.hidden = true; results.replaceChildren(); newForm.hidden = true;
        chosen.hidden = false;
        fill(chosen, icon('person'), h('span', null, c.name, c.phone ? h('small.grey-text', null, ` ${c.phone}`) : null),
            c.allergies ? h('span.allergy-flag', { title: c.allergies }, icon('warning', 'tiny')) : null,
            h('button.btn-flat.btn-small', { type: 'button', onclick: () => { onPick(null); chosen.hidden = true; input.hidden = false; input.value = ''; input.focus(); } }, t('web.booking.change')));
    };
    input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
            const q = input.value.trim();
            const mine = ++ticket;
            if (!q) { results.replaceChildren(); return; }
            try {
                const page = await get('/clients', { q, limit: 8 });
                if (mine !== ticket) return;
                fill(results, ...page.items.map((c) => h('button.picker-item', { type: 'button', 'data-client': c.id, onclick: () => pick(c) },
                    h('span', null, c.name), h('small.grey-text', null, c.phone || c.email || ''))),
                h('button.picker-item.picker-new', { type: 'button', 'data-action': 'new-client', onclick: () => {
                    newForm.hidden = false;
                    const name = newForm.querySelector('[name=name]');
                    if (/\d/.test(q)) newForm.querySelector('[name=phone]').value = q; else name.value = q;
                    newForm.querySelectorAll('label').forEach((l) => l.classList.add('active'));
                    name.focus();
                } }, icon('person_add'), t('web.booking.new_client', { q })));
            } catch (err) { showError(err); }
        }, 200);
    });
    newForm.querySelector('[data-action=create-client]').addEventListener('click', async () => {
        clearFieldErrors(newForm);
        const values = formValues(newForm);
        try {
            const created = await post('/clients', { name: values.name || '', phone: values.phone || null }, { idempotent: true });
            pick(created);
        } catch (err) { showError(err, newForm); }
    });
    return { el: h('div.picker', null, input, results, chosen, newForm), pick };
}

/** openBooking({ staffId, date, minutes, serviceId, client, onBooked }): serviceId and client preselect (rebooking). */
export function openBooking({ staffId, date, minutes = null, serviceId = null, client = null, onBooked }) {
    const { staff, services } = ref();
    const state = { clientId: null, start: null };
    const staffSelect = h('select.browser-default', { name: 'staffId' }, staff.map((s) => h('option', { value: s.id, selected: s.id === staffId }, s.name)));
    const serviceSelect = h('select.browser-default', { name: 'serviceId' });
    const dateInput = h('input.browser-default', { type: 'date', name: 'date', value: date });
    const slotsBox = h('div.slots', { 'data-slots': true });
    const why = h('div.why', { hidden: true });
    const submit = h('button.btn', { type: 'submit', disabled: true, 'data-action': 'book' }, t('web.booking.book'));
    const picker = clientPicker((c) => { state.clientId = c ? c.id : null; update(); });
    const form = h('form.booking', { novalidate: true, 'data-form': 'booking' },
        h('div.section-title', null, t('web.booking.client')), picker.el,
        h('div.section-title', null, t('web.booking.service')), serviceSelect,
        h('div.section-title', null, t('web.booking.staff')), staffSelect,
        h('div.section-title', null, t('web.booking.day')), dateInput,
        h('div.section-title', null, t('web.booking.start')), slotsBox, why,
        h('div.drawer-actions', null, submit));

    function fillServices() {
        const member = staff.find((s) => s.id === staffSelect.value);
        const offered = [...services.values()].filter((s) => s.active && (!member || member.serviceIds.includes(s.id)));
        const keep = serviceSelect.value || serviceId;
        fill(serviceSelect, ...offered.map((s) => h('option', { value: s.id, selected: s.id === keep }, `${s.name} · ${s.durationMinutes} ${t('web.booking.min')} · ${money(s.basePrice)}`)));
    }
    function update() { submit.disabled = !(state.clientId && state.start); }

    let ticket = 0;
    async function loadSlots() {
        const mine = ++ticket;
        state.start = null;
        update();
        why.hidden = true;
        if (!serviceSelect.value || !isValidDate(dateInput.value)) { fill(slotsBox, h('p.grey-text', null, t('web.booking.pick_service'))); return; }
        fill(slotsBox, h('p.grey-text', null, t('web.common.loading')));
        try {
            const answer = await get('/availability/slots', { serviceId: serviceSelect.value, staffId: staffSelect.value, from: dateInput.value, to: dateInput.value });
            if (mine !== ticket) return;
            const starts = (answer.staff[0] && answer.staff[0].days.find((d) => d.date === dateInput.value) || { starts: [] }).starts;
            const wanted = minutes !== null && dateInput.value === date && staffSelect.value === staffId ? minutes : null;
            const buttons = starts.map((iso) => {
                const local = localParts(iso).minutes;
                const button = h('button.slot', { type: 'button', 'data-start': iso, 'data-local': hhmm(local) }, formatInstant(iso, 'time'));
                button.addEventListener('click', () => {
                    slotsBox.querySelectorAll('.slot.selected').forEach((b) => b.classList.remove('selected'));
                    button.classList.add('selected');
                    state.start = iso;
                    update();
                });
                if (local === wanted) { button.classList.add('selected'); state.start = iso; }
                return button;
            });
            fill(slotsBox, ...(buttons.length ? buttons : [h('p.grey-text', null, t('web.booking.no_slots'))]));
            if (wanted !== null && !state.start) {
                why.hidden = false;
                fill(why, h('button.btn-flat.why-button', { type: 'button', 'data-action': 'why', onclick: () => explain(wanted) }, icon('help_outline', 'left'), t('web.booking.why_not', { time: hhmm(wanted) })));
            }
            update();
        } catch (err) {
            slotsBox.replaceChildren();
            showError(err);
        }
    }

    async function explain(wanted) {
        try {
            const answer = await get('/availability/explain', { serviceId: serviceSelect.value, staffId: staffSelect.value, at: localDateTime(dateInput.value, wanted) });
            const reasons = answer.offered ? [t('web.booking.offered')] : answer.reasons.map((r) => t(`availability.reason.${r.code}`) + (r.reason ? ` (${r.reason})` : ''));
            fill(why, h('div.why-answer', { 'data-explain': true }, h('strong', null, t('web.booking.why_title', { time: hhmm(wanted) })), h('ul', null, reasons.map((r) => h('li', null, r)))));
        } catch (err) { showError(err); }
    }

    staffSelect.addEventListener('change', () => { fillServices(); loadSlots(); });
    serviceSelect.addEventListener('change', loadSlots);
    dateInput.addEventListener('change', loadSlots);
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (!state.clientId || !state.start) return;
        busy(form, async () => {
            try {
                await post('/appointments', { clientId: state.clientId, serviceId: serviceSelect.value, staffId: staffSelect.value, startsAt: state.start }, { idempotent: true });
                toast(t('web.booking.booked'), 'success');
                drawer.close();
                onBooked();
            } catch (err) {
                showError(err, form);
                if (err.code === 'slot_taken') loadSlots();
            }
        });
    });

    const drawer = openDrawer(t('web.booking.title'), form);
    fillServices();
    loadSlots();
    if (client) picker.pick(client);
    else form.querySelector('[data-field=client-search]').focus();
}
