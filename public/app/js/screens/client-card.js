// A client's card: contacts, allergies in red, figures, wallet, discounts and packages, and the timeline (GET /clients/{id} and
// /clients/{id}/history in parallel). Another studio's id answers 404: the shell shows not-found.

import { get, post } from '../api.js';
import { t, money, formatInstant, formatLocalDate } from '../i18n.js';
import { h, icon, skeleton, fill, toast, showError } from '../ui.js';
import { statusBadge } from '../status.js';
import { walletPanel, discountsPanel, packagesPanel } from '../clients/money-tabs.js';
import { notePanel, consentsPanel, editClient, toggleArchive } from '../clients/record-panels.js';
import { can, has } from '../session.js';

function timelineEntry(entry) {
    const d = entry.data || {};
    let text;
    switch (entry.kind) {
        case 'appointment': text = [d.serviceName, d.staffName ? ` · ${d.staffName}` : '', ' ', statusBadge(d.status)]; break;
        case 'invoice': text = [t('web.client.invoice_n', { number: d.number }), ' · ', money(d.payable, d.currency)]; break;
        case 'payment': text = [t('web.client.payment'), ' · ', money(d.amount, d.currency)]; break;
        case 'refund': text = [t('web.client.refund'), ' · ', money(d.amount, d.currency)]; break;
        case 'note': text = [d.text || d.body || '']; break;
        default: text = [t(`web.client.kind.${entry.kind}`)];
    }
    return h('li.timeline-entry', { 'data-kind': entry.kind }, h('span.timeline-at.grey-text', null, formatInstant(entry.at, 'dateTime')), h('span', null, text));
}

/**
 * Telegram: "connected" when the client's chat is linked (reminders and the bot reach her there);
 * otherwise a one-time link (seven days) to send her — opening it in Telegram links the chat.
 */
function telegramLine(client) {
    if (client.telegramChatId) return h('span.chip-small.telegram-on', { 'data-telegram': 'linked' }, icon('send', 'tiny'), ' ', t('web.client.telegram_linked'));
    if (!can('clients.write') || !has('messages.manual') || client.archivedAt) return null;
    const holder = h('span.telegram-link', { 'data-telegram': 'none' });
    const button = h('button.btn-flat.btn-small', { type: 'button', 'data-action': 'telegram-link', onclick: async () => {
        button.disabled = true;
        try {
            const link = await post(`/clients/${client.id}/telegram-link`, {});
            fill(holder, h('div.telegram-issued', { 'data-telegram-url': link.url },
                h('p.grey-text', null, t('web.client.telegram_send', { until: formatInstant(link.expiresAt, 'date') })),
                h('div.feed-link', null, h('input.feed-url', { type: 'text', readonly: true, value: link.url, onfocus: (e) => e.target.select() }),
                    h('button.btn-flat', { type: 'button', onclick: () => navigator.clipboard?.writeText(link.url).then(() => toast(t('web.common.copied'), 'success')).catch(() => {}) }, icon('content_copy')))));
        } catch (err) { showError(err); button.disabled = false; }
    } }, icon('send', 'tiny'), ' ', t('web.client.telegram_connect'));
    return fill(holder, button);
}

export default {
    title: 'web.client.title',
    async mount(root, ctx) {
        const again = () => this.mount(root, ctx);
        fill(root, skeleton(6));
        const id = ctx.params.id;
        const [client, history] = await Promise.all([
            get(`/clients/${id}`, null, { signal: ctx.signal }),
            get(`/clients/${id}/history`, { limit: 30 }, { signal: ctx.signal }),
        ]);
        ctx.setTitle(client.name);
        fill(root, h('div.client-card', { 'data-screen': 'client-card', 'data-client': client.id },
            h('section.card.client-head', null,
                h('div.client-head-row', null,
                    h('h2', null, client.name, client.archivedAt ? h('span.chip-small.archived', null, t('web.client.archived_badge')) : null),
                    can('clients.write') ? h('div.client-actions', null,
                        client.archivedAt ? null : h('button.btn-flat.edit-client', { type: 'button', onclick: () => editClient(client, again) }, icon('edit'), ' ', t('web.client.edit')),
                        h('button.btn-flat.archive-client', { type: 'button', onclick: () => toggleArchive(client, again) },
                            icon(client.archivedAt ? 'unarchive' : 'archive'), ' ', t(client.archivedAt ? 'web.client.restore' : 'web.client.archive'))) : null),
                client.allergies ? h('p.allergies', null, icon('warning'), t('web.client.allergies'), ': ', client.allergies) : null,
                h('p', null,
                    client.phone ? h('a', { href: `tel:${client.phone}` }, icon('phone', 'tiny'), ' ', client.phone) : null, ' ',
                    client.email ? h('a', { href: `mailto:${client.email}` }, icon('mail', 'tiny'), ' ', client.email) : null, ' ',
                    telegramLine(client)),
                h('p.grey-text', null,
                    t('web.client.visits', { n: client.visitsCount ?? 0 }), ' · ',
                    t('web.client.spent', { amount: money(client.totalSpent) }), ' · ',
                    t('web.client.no_shows', { n: client.noShowCount ?? 0 }),
                    client.birthday ? [' · ', icon('cake', 'tiny'), ' ', formatLocalDate(client.birthday, 'dateShort')] : null),
                h('div', null, [...(client.tags || []), ...(client.autoTags || [])].map((tag) => h('span.chip-small', null, tag)))),
            // Wallet (hidden without finance.read), personal discounts and packages: js/clients/money-tabs.js.
            h('div.money-panels', null, walletPanel(client.id, ctx), discountsPanel(client.id, ctx), packagesPanel(client.id, ctx),
                consentsPanel(client.id), client.archivedAt ? null : notePanel(client.id, again)),
            h('section.card.client-timeline', null, h('h3.section-title', null, t('web.client.timeline')),
                history.items.length ? h('ul.timeline', null, history.items.map(timelineEntry)) : h('p.grey-text', null, t('web.client.no_history')))));
        // 'e' edits the contact details.
        return can('clients.write') && !client.archivedAt ? { onEdit: () => editClient(client, again) } : {};
    },
};
