// The waitlist entry form (new and edit): the client (new only), the service, a staff member or
// any who performs it, the weekdays and the hours that suit her, the first and last day, the
// priority, the channel and a note. Field errors of the API land under the fields.

import { post, patch } from '../api.js';
import { t } from '../i18n.js';
import { h, icon, openDrawer, showError, clearFieldErrors, busy, toast } from '../ui.js';
import { clientPicker, field } from '../money/common.js';
import { timeOptions } from '../admin/kit.js';

const DAYS = ['1', '2', '3', '4', '5', '6', '7'];

function select(name, options, value) {
    return h('select.browser-default', { name, 'aria-label': name }, options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, text)));
}

/** openEntryForm({ entry?, services, staff, signal, onSaved }) — a drawer; `entry` edits it. */
export function openEntryForm({ entry = null, services, staff, signal, clientId = null, onSaved }) {
    const picker = entry ? null : clientPicker('clientId', { signal, initial: clientId ? { id: clientId, name: '' } : null });
    const serviceSelect = select('serviceId', services.filter((s) => s.active || s.id === entry?.serviceId).map((s) => [s.id, s.name]), entry?.serviceId);
    const staffSelect = h('select.browser-default', { name: 'staffId', 'aria-label': 'staffId' });
    const fillStaff = () => {
        const performing = staff.filter((s) => s.serviceIds.includes(serviceSelect.value));
        staffSelect.replaceChildren(h('option', { value: '' }, t('web.waitlist.any_staff')),
            ...performing.map((s) => h('option', { value: s.id, selected: s.id === entry?.staffId }, s.name)));
    };
    serviceSelect.addEventListener('change', fillStaff);
    fillStaff();
    const days = h('div.waitlist-days', { 'data-days': true }, DAYS.map((d) => h('label', null,
        h('input', { type: 'checkbox', name: 'days', value: d, checked: entry ? entry.days.includes(Number(d)) : false }),
        h('span', null, t(`web.staff.weekday_short.${d}`)))));
    const [from, to] = entry?.windows?.[0] || ['', ''];
    const hours = timeOptions(6 * 60, 23 * 60).map((x) => [x, x]);
    // Named like the API's field path, so its error (windows.0: ends_before_start) lands under it.
    const windowStart = select('windows.0', [['', t('web.waitlist.any_time')], ...hours], from);
    const windowEnd = select('windowEnd', [['', '—'], ...hours], to);
    const priority = select('priority', [1, 2, 3, 4, 5].map((p) => [p, t(`web.waitlist.priority.${p}`)]), entry?.priority ?? 3);
    const channel = select('channel', [['', t('web.waitlist.channel_any')], ['sms', 'SMS'], ['email', 'Email'], ['telegram', 'Telegram']], entry?.channel || '');
    const notBefore = h('input', { type: 'date', name: 'notBefore', value: entry?.notBefore || '' });
    const expiresOn = h('input', { type: 'date', name: 'expiresOn', value: entry?.expiresOn || '' });
    const notes = h('textarea.materialize-textarea', { name: 'notes', maxlength: 500 });
    notes.value = entry?.notes || '';
    const form = h('form.money-form.waitlist-form', { 'data-form': 'waitlist-entry', novalidate: true },
        picker ? picker.el : null,
        field('web.waitlist.service', serviceSelect),
        field('web.waitlist.staff', staffSelect),
        h('div.input-field', null, h('label.active', null, t('web.waitlist.days')), days, h('span.helper-text', null, t('web.waitlist.days_hint'))),
        h('div.waitlist-window', { 'data-field-holder': 'windows' }, field('web.waitlist.from', windowStart), field('web.waitlist.to', windowEnd)),
        h('div.waitlist-window', null, field('web.waitlist.not_before', notBefore), field('web.waitlist.expires_on', expiresOn)),
        h('div.waitlist-window', null, field('web.waitlist.priority_label', priority), field('web.waitlist.channel', channel)),
        field('web.waitlist.notes', notes),
        h('div.form-actions', null, h('button.btn', { type: 'submit', 'data-action': 'save-entry' }, icon(entry ? 'save' : 'playlist_add', 'left'), t(entry ? 'web.common.save' : 'web.waitlist.add'))));
    const drawer = openDrawer(t(entry ? 'web.waitlist.edit' : 'web.waitlist.new'), form, { wide: true });
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        clearFieldErrors(form);
        const body = {
            serviceId: serviceSelect.value,
            staffId: staffSelect.value || null,
            days: [...form.querySelectorAll('input[name=days]:checked')].map((c) => Number(c.value)),
            windows: windowStart.value ? [[windowStart.value, windowEnd.value || '23:00']] : [],
            notBefore: notBefore.value || null,
            expiresOn: expiresOn.value || null,
            priority: Number(priority.value),
            channel: channel.value || null,
            notes: notes.value.trim() || null,
        };
        if (picker) {
            if (!picker.value()) { showError({ fields: { clientId: 'required' }, message: t('web.error.check_fields') }, form); return; }
            body.clientId = picker.value();
        }
        busy(form, async () => {
            try {
                const saved = entry ? await patch(`/waitlist/${entry.id}`, body) : await post('/waitlist', body);
                toast(t(entry ? 'web.waitlist.saved' : 'web.waitlist.added'), 'success');
                drawer.close();
                if (onSaved) onSaved(saved);
            } catch (err) { showError(err, form); }
        });
    });
    return drawer;
}
