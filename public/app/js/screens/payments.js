// Payments: filters by kind, status and provider (chips) that can be saved under a name, "check
// status" on a selection of online payments, the card right on a desk with the proof, the second
// person's approval of a manual payment, capture or release of held money, and refunds (to the
// source or the wallet).

import { get, post } from '../api.js';
import { t, money, formatInstant } from '../i18n.js';
import { h, fill, showError, toast } from '../ui.js';
import { can } from '../session.js';
import { savedFilters } from '../lists/saved-filters.js';
import { bulkSelection } from '../lists/bulk.js';
import { masterDetail, chips, pagedList, moneyBadge, label, clientNameEl } from '../money/common.js';
import { paymentCard } from '../money/pay.js';

const KINDS = ['', 'full', 'partial', 'deposit', 'top_up', 'refund'];
const STATUSES = ['', 'pending', 'succeeded', 'waiting_for_capture', 'failed', 'cancelled'];
const PROVIDERS = ['', 'manual', 'yookassa', 'stripe', 'wallet'];

export default {
    title: 'web.payments.title',
    mount(root, ctx) {
        const filters = { kind: ctx.query.kind || '', status: ctx.query.status || '', provider: ctx.query.provider || '' };
        const bulk = bulkSelection({
            actions: [{ name: 'refresh', icon: 'refresh', label: 'web.payments.bulk.refresh', onclick: (items) => bulkRefresh(items) }],
            onDone: () => list.reload(),
        });
        // Asks the provider again about online payments that are still open (a missed notification).
        function bulkRefresh(items) {
            const open = items.filter((p) => p.provider !== 'manual' && p.provider !== 'wallet' && p.status === 'pending');
            if (open.length === 0) { toast(t('web.payments.bulk.none_pending')); return; }
            bulk.run(open, (p) => post(`/payments/${p.id}/refresh`, {}), 'web.payments.bulk.refreshed');
        }
        const row = (p) => h('a.money-row.payment-row', { href: `#/payments?id=${p.id}`, 'data-payment-row': p.id, 'data-list-item': true, 'data-status': p.status, onclick: (e) => { e.preventDefault(); open(p.id); } },
            h('span.row-main', null, can('finance.write') ? bulk.checkbox(p, label('web.payments.kind', p.kind)) : null, h('strong', null, label('web.payments.kind', p.kind)), ' ', clientNameEl(p.clientId, ctx.signal, 'span.grey-text.client-ref', p.clientName)),
            h('span.row-side', null, h('span.num', null, (p.kind === 'refund' ? '− ' : '') + money(p.amount, p.currency)), moneyBadge('web.payments.status', p.status)),
            h('span.row-sub.grey-text', null, label('web.payments.provider', p.provider), ' · ', formatInstant(p.createdAt, 'dateTime')));
        const list = pagedList({
            path: '/payments',
            query: () => ({ 'filter[kind]': filters.kind || undefined, 'filter[status]': filters.status || undefined, 'filter[provider]': filters.provider || undefined }),
            row, empty: t('web.payments.none'), signal: ctx.signal,
        });
        const chipRow = (name, values, prefix) => chips(name, values.map((v) => ({ value: v, label: v ? label(prefix, v) : t('web.money.all') })), filters[name], (value) => {
            filters[name] = value;
            ctx.setQuery({ kind: filters.kind || undefined, status: filters.status || undefined, provider: filters.provider || undefined });
            list.reload();
        });
        const groups = h('div.chip-groups');
        const renderChips = () => groups.replaceChildren(
            h('div.chip-group', null, h('span.chip-label.grey-text', null, t('web.payments.filter_status')), chipRow('status', STATUSES, 'web.payments.status')),
            h('div.chip-group', null, h('span.chip-label.grey-text', null, t('web.payments.filter_kind')), chipRow('kind', KINDS, 'web.payments.kind')),
            h('div.chip-group', null, h('span.chip-label.grey-text', null, t('web.payments.filter_provider')), chipRow('provider', PROVIDERS, 'web.payments.provider')));
        renderChips();
        const toolbar = h('div.money-toolbar', null, groups,
            savedFilters({ screen: 'payments', state: () => ({ ...filters }), apply: (saved) => {
                Object.assign(filters, { kind: '', status: '', provider: '' }, saved);
                ctx.setQuery(filtersQuery());
                renderChips();
                list.reload();
            } }),
            bulk.bar);
        const md = masterDetail({ screen: 'payments', toolbar, list: list.list, more: list.more, empty: t('web.payments.pick') });
        async function open(id) {
            ctx.setQuery({ ...filtersQuery(), id });
            md.loading();
            try {
                const p = await get(`/payments/${id}`, null, { signal: ctx.signal });
                md.showCard(t('web.payments.card_title', { amount: money(p.amount, p.currency) }), paymentCard(p, { signal: ctx.signal, onChange: () => { open(id); list.reload(); } }));
            } catch (err) { showError(err); }
        }
        const filtersQuery = () => ({ kind: filters.kind || undefined, status: filters.status || undefined, provider: filters.provider || undefined });
        fill(root, md.root);
        list.reload();
        if (ctx.query.id) open(ctx.query.id);
        return {};
    },
};
