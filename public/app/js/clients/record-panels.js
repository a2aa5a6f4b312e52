// What staff record on a client's card: a note, the client's consents (record, revoke), the
// contact details (edit in the drawer) and archiving. Money panels live in money-tabs.js.

import { get, post, patch } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { can } from '../session.js';
import { h, icon, fill, skeleton, toast, showError, confirmDialog, openDrawer, closeDrawer, busy, clearFieldErrors } from '../ui.js';

const CONSENT_KINDS = ['data_processing', 'marketing_sms', 'marketing_email', 'marketing_telegram', 'photo_usage'];
const CONSENT_SOURCES = ['in_person', 'paper', 'verbal'];

function panel(name, titleKey, iconName) {
    const body = h('div.panel-body');
    const actions = h('div.panel-actions');
    const el = h('section.card.money-panel', { 'data-panel': name }, h('header.panel-head', null, h('h3', null, icon(iconName), ' ', t(titleKey)), actions), body);
    return { el, body, actions };
}

/** A note form: the note joins the history (the card reloads it through `onSaved`). */
export function notePanel(clientId, onSaved) {
    const { el, body } = panel('note', 'web.client.note.title', 'sticky_note_2');
    if (!can('clients.write')) return null;
    const text = h('textarea.materialize-textarea', { name: 'body', maxlength: 5000, 'aria-label': t('web.client.note.title'), placeholder: t('web.client.note.placeholder') });
    const form = h('form.note-form', null, text, h('button.btn', { type: 'submit' }, t('web.client.note.save')));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearFieldErrors(form);
        if (!text.value.trim()) return;
        await busy(form, async () => {
            try {
                await post(`/clients/${clientId}/notes`, { body: text.value.trim() });
                text.value = '';
                toast(t('web.client.note.saved'));
                onSaved();
            } catch (err) { showError(err, form); }
        });
    });
    fill(body, form);
    return el;
}

/** The client's consents as recorded (revoked ones struck through), recording and revoking. */
export function consentsPanel(clientId) {
    const { el, body, actions } = panel('consents', 'web.client.consents.title', 'verified_user');
    const writer = can('clients.write');
    async function load() {
        fill(body, skeleton(2));
        try {
            const consents = await get(`/clients/${clientId}/consents`);
            const items = Array.isArray(consents) ? consents : consents.items || [];
            if (!items.length) { fill(body, h('p.empty-state', null, t('web.client.consents.none'))); return; }
            fill(body, h('ul.consent-list', null, items.map((c) => h('li', { 'data-consent': c.kind, 'data-active': String(c.active) },
                h(c.active ? 'span' : 's', null, t(`web.consent.${c.kind}`)), ' ',
                h('span.grey-text', null, `${t(`web.consent.source.${c.source}`)} · ${formatInstant(c.createdAt, 'date')}`),
                writer && c.active ? h('button.btn-flat.btn-small.revoke', { type: 'button', onclick: () => revoke(c) }, t('web.client.consents.revoke')) : null))));
        } catch (err) { showError(err); fill(body); }
    }
    async function revoke(consent) {
        if (!(await confirmDialog(t('web.client.consents.revoke_confirm', { kind: t(`web.consent.${consent.kind}`) }), { danger: true }))) return;
        try { await post(`/clients/${clientId}/consents/${consent.id}/revoke`, null); load(); } catch (err) { showError(err); }
    }
    if (writer) {
        actions.append(h('button.btn.btn-small.record-consent', { type: 'button', onclick: () => {
            const kind = h('select.browser-default', { name: 'kind' }, CONSENT_KINDS.map((k) => h('option', { value: k }, t(`web.consent.${k}`))));
            const source = h('select.browser-default', { name: 'source' }, CONSENT_SOURCES.map((s) => h('option', { value: s }, t(`web.consent.source.${s}`))));
            const form = h('form.consent-form', null,
                h('label', null, t('web.client.consents.kind'), kind), h('label', null, t('web.client.consents.source'), source),
                h('button.btn', { type: 'submit' }, t('web.client.consents.record')));
            const drawer = openDrawer(t('web.client.consents.record'), form);
            form.addEventListener('submit', async (event) => {
                event.preventDefault();
                await busy(form, async () => {
                    try {
                        await post(`/clients/${clientId}/consents`, { kind: kind.value, source: source.value, granted: true });
                        drawer.close();
                        load();
                    } catch (err) { showError(err, form); }
                });
            });
        } }, icon('add'), ' ', t('web.client.consents.record')));
    }
    load();
    return el;
}

/** The contact details in the drawer (PATCH), the form keeping its values when a save fails. */
export function editClient(client, onSaved) {
    const input = (name, value, type = 'text') => h('div.input-field', null,
        h('input', { name, id: `client-${name}`, type, value: value ?? '' }), h('label.active', { for: `client-${name}` }, t(`web.client.field.${name}`)));
    const form = h('form.client-edit', { 'data-form': 'client' },
        input('name', client.name), input('phone', client.phone, 'tel'), input('email', client.email, 'email'),
        input('birthday', client.birthday, 'date'), input('allergies', client.allergies), input('tags', (client.tags || []).join(', ')),
        h('button.btn', { type: 'submit' }, t('web.common.save')));
    const drawer = openDrawer(t('web.client.edit'), form);
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearFieldErrors(form);
        const value = (name) => form.elements[name].value.trim();
        const body = {
            name: value('name'), phone: value('phone') || null, email: value('email') || null, birthday: value('birthday') || null,
            allergies: value('allergies') || null, tags: value('tags') ? value('tags').split(',').map((s) => s.trim()).filter(Boolean) : null,
        };
        await busy(form, async () => {
            try {
                await patch(`/clients/${client.id}`, body);
                drawer.close();
                toast(t('web.client.saved'));
                onSaved();
            } catch (err) { showError(err, form); }
        });
    });
}

/** Archive (out of lists, read-only) or restore, asked once. */
export async function toggleArchive(client, onDone) {
    const archiving = !client.archivedAt;
    const question = t(archiving ? 'web.client.archive_confirm' : 'web.client.restore_confirm', { name: client.name });
    if (!(await confirmDialog(question, { danger: archiving }))) return;
    try {
        await post(`/clients/${client.id}/${archiving ? 'archive' : 'restore'}`, null);
        toast(t(archiving ? 'web.client.archived' : 'web.client.restored'));
        onDone();
    } catch (err) { showError(err); }
}

export { closeDrawer };
