// Payments: filters by kind, status and provider (chips), the card right on a desk with the proof,
// the second person's approval of a manual payment and refunds (to the source or the wallet).

import { get } from '../api.js';
import { t, money, formatInstant } from '../i18n.js';
import { h, fill, showError } from '../ui.js';
import { masterDetail, chips, pagedList, moneyBadge, label, clientNameEl } from '../money/common.js';
import { paymentCard } from '../money/pay.js';

const KINDS = ['', 'full', 'partial', 'deposit', 'top_up', 'refund'];
const STATUSES = ['', 'pending', 'succeeded', 'waiting_for_capture', 'failed', 'cancelled'];
const PROVIDERS = ['', 'manual', 'yookassa', 'stripe', 'wallet'];

export default {
    title: 'web.payments.title',
    mount(root, ctx) {
        const filters = { kind: ctx.query.kind || '', status: ctx.query.status || '', provider: ctx.query.provider || '' };
        const row = (p) => h('a.money-row.payment-row', { href: `#/payments?id=${p.id}`, 'data-payment-row': p.id, 'data-list-item': true, 'data-status': p.status, onclick: (e) => { e.preventDefault(); open(p.id); } },
            h('span.row-main', null, h('strong', null, label('web.payments.kind', p.kind)), ' ', clientNameEl(p.clientId, ctx.signal, 'span.grey-text.client-ref')),
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
        const toolbar = h('div.money-toolbar', null,
            h('div.chip-group', null, h('span.chip-label.grey-text', null, t('web.payments.filter_status')), chipRow('status', STATUSES, 'web.payments.status')),
            h('div.chip-group', null, h('span.chip-label.grey-text', null, t('web.payments.filter_kind')), chipRow('kind', KINDS, 'web.payments.kind')),
            h('div.chip-group', null, h('span.chip-label.grey-text', null, t('web.payments.filter_provider')), chipRow('provider', PROVIDERS, 'web.payments.provider')));
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
