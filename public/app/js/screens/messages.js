// Messages: what went out (and came in) by channel and status, newest first; the card shows the
// text and the delivery trail; "new message" sends a manual text (or a template) to a client.

import { get, post } from '../api.js';
import { t, formatInstant, money } from '../i18n.js';
import { can } from '../session.js';
import { h, icon, fill, toast, showError, busy, clearFieldErrors } from '../ui.js';
import { masterDetail, chips, pagedList, figures, moneyBadge, label, clientNameEl, clientName, clientPicker, field } from '../money/common.js';

const CHANNELS = ['', 'sms', 'email', 'telegram'];
const STATUSES = ['', 'queued', 'sent', 'delivered', 'read', 'failed', 'received'];
const TEMPLATE_KEYS = ['appointment.reminder', 'appointment.confirmed', 'appointment.cancelled', 'appointment.rescheduled', 'invoice.payment_link'];

function messageCard(m, signal) {
    return h('div.message-card', { 'data-message': m.id },
        h('p.card-status', null, moneyBadge('web.messages.status', m.status), ' ', h('span.chip-small', null, label('web.messages.channel', m.channel)), ' ', h('span.chip-small', null, label('web.messages.direction', m.direction))),
        figures([
            m.clientId ? ['web.money.client', h('a', { href: `#/clients/${m.clientId}` }, clientNameEl(m.clientId, signal, undefined, m.clientName))] : null,
            ['web.messages.recipient', m.recipient],
            m.subject ? ['web.messages.subject', m.subject] : null,
            m.templateKey ? ['web.messages.template', label('web.templates.key', m.templateKey)] : null,
            ['web.messages.scheduled', formatInstant(m.scheduledAt, 'dateTime')],
            m.sentAt ? ['web.messages.sent_at', formatInstant(m.sentAt, 'dateTime')] : null,
            m.deliveredAt ? ['web.messages.delivered_at', formatInstant(m.deliveredAt, 'dateTime')] : null,
            m.failedAt ? ['web.messages.failed_at', formatInstant(m.failedAt, 'dateTime')] : null,
            m.error ? ['web.messages.error', h('span.red-text', null, m.error)] : null,
            m.cost ? ['web.messages.cost', money(m.cost, m.costCurrency)] : null,
            ['web.messages.attempts', String(m.attempts)],
        ]),
        h('pre.json-block', { 'data-message-body': true }, m.body));
}

function composeForm({ signal, onSent, clientId }) {
    const picker = clientPicker('clientId', { signal, initial: clientId ? { id: clientId, name: '' } : null });
    // Opened for a given client (from her card): her name goes into the box once known.
    if (clientId) clientName(clientId, signal).then((name) => { const box = picker.el.querySelector('[data-client-search]'); if (box && !box.value) box.value = name; });
    const channel = h('select.browser-default', { name: 'channel', 'aria-label': t('web.messages.channel_label') },
        h('option', { value: '' }, t('web.messages.channel_auto')), CHANNELS.filter(Boolean).map((c) => h('option', { value: c }, label('web.messages.channel', c))));
    const template = h('select.browser-default', { name: 'templateKey', 'aria-label': t('web.messages.template') },
        h('option', { value: '' }, t('web.messages.own_text')), TEMPLATE_KEYS.map((k) => h('option', { value: k }, label('web.templates.key', k))));
    const text = h('textarea.materialize-textarea', { name: 'text', id: 'msg-text', maxlength: 4000 });
    const textField = field('web.messages.text', text);
    template.addEventListener('change', () => { textField.hidden = Boolean(template.value); });
    const form = h('form.money-form', { 'data-form': 'send-message' },
        picker.el,
        h('div.input-field', null, channel, h('label.active', null, t('web.messages.channel_label'))),
        h('div.input-field', null, template, h('label.active', null, t('web.messages.template'))),
        textField,
        h('p', null, h('label', null, h('input', { type: 'checkbox', name: 'marketing' }), h('span', null, t('web.messages.marketing')))),
        // Later: a wall time on the studio's clock (the API reads an offset-less time as studio-local).
        h('div.input-field', null, h('input', { type: 'datetime-local', name: 'sendAt', id: 'msg-send-at', step: 60 }),
            h('label.active', { for: 'msg-send-at' }, t('web.messages.send_at')), h('span.helper-text', null, t('web.messages.send_at_hint'))),
        h('div.form-actions', null, h('button.btn', { type: 'submit', 'data-action': 'send-message' }, icon('send', 'left'), t('web.messages.send'))));
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        const fields = {};
        if (!picker.value()) fields.clientId = 'required';
        if (!template.value && !text.value.trim()) fields.text = 'required';
        if (Object.keys(fields).length) { showError({ fields, message: t('web.error.check_fields') }, form); return; }
        const body = { clientId: picker.value(), kind: form.elements.marketing.checked ? 'marketing' : 'transactional' };
        if (channel.value) body.channel = channel.value;
        if (template.value) body.templateKey = template.value; else body.text = text.value.trim();
        const later = form.elements.sendAt.value;
        if (later) body.sendAt = later.length === 16 ? `${later}:00` : later;
        busy(form, async () => {
            try {
                clearFieldErrors(form);
                const m = await post(later ? '/messages/schedule' : '/messages', body, { idempotent: true });
                toast(t(later ? 'web.messages.scheduled_ok' : 'web.messages.sent'), 'success');
                onSent(m);
            } catch (err) { showError(err, form); }
        });
    });
    return form;
}

export default {
    title: 'web.messages.title',
    mount(root, ctx) {
        const filters = { channel: ctx.query.channel || '', status: ctx.query.status || '' };
        const row = (m) => h('a.money-row.message-row', { href: `#/messages?id=${m.id}`, 'data-message-row': m.id, 'data-list-item': true, onclick: (e) => { e.preventDefault(); open(m); } },
            h('span.row-main', null, icon(m.direction === 'inbound' ? 'call_received' : 'call_made', 'tiny'), ' ', h('strong', null, m.recipient), ' ', m.clientId ? clientNameEl(m.clientId, ctx.signal, 'span.grey-text.client-ref', m.clientName) : null),
            h('span.row-side', null, h('span.chip-small', null, label('web.messages.channel', m.channel)), moneyBadge('web.messages.status', m.status)),
            h('span.row-sub.grey-text', null, formatInstant(m.sentAt || m.scheduledAt, 'dateTime'), ' · ', m.body.slice(0, 80)));
        const list = pagedList({ path: '/messages', query: () => ({ 'filter[channel]': filters.channel || undefined, 'filter[status]': filters.status || undefined }), row, empty: t('web.messages.none'), signal: ctx.signal });
        const chipRow = (name, values, prefix) => chips(name, values.map((v) => ({ value: v, label: v ? label(prefix, v) : t('web.money.all') })), filters[name], (value) => {
            filters[name] = value; ctx.setQuery({ channel: filters.channel || undefined, status: filters.status || undefined }); list.reload();
        });
        const toolbar = h('div.money-toolbar', null,
            can('clients.write') ? h('div.toolbar-row', null, h('button.btn', { type: 'button', 'data-action': 'new-message', onclick: () => compose() }, icon('add', 'left'), t('web.messages.new'))) : null,
            h('div.chip-group', null, h('span.chip-label.grey-text', null, t('web.messages.channel_label')), chipRow('channel', CHANNELS, 'web.messages.channel')),
            h('div.chip-group', null, h('span.chip-label.grey-text', null, t('web.payments.filter_status')), chipRow('status', STATUSES, 'web.messages.status')));
        const md = masterDetail({ screen: 'messages', toolbar, list: list.list, more: list.more, empty: t('web.messages.pick') });
        function open(m) { md.showCard(label('web.messages.channel', m.channel), messageCard(m, ctx.signal)); }
        function compose() { md.showCard(t('web.messages.new'), composeForm({ signal: ctx.signal, clientId: ctx.query.client, onSent: (m) => { open(m); list.reload(); } })); }
        fill(root, md.root);
        list.reload();
        if (ctx.query.id) get(`/messages/${ctx.query.id}`, null, { signal: ctx.signal }).then(open).catch(showError);
        if (ctx.query.new) compose();
        return { onNew: () => { if (can('clients.write')) compose(); } };
    },
};
