// Invoices: status chips + a search of every invoice (number, client), saved filters, bulk issue and
// bulk send of the pay link; the card right on a desk (the drawer on a phone) with its lines and figures,
// and the actions in the order they happen: issue →
// send the pay link → take the money (online, by hand with a proof, from the wallet) → void.
// `openInvoiceForAppointment(id)` is the entry point for the appointment card.

import { get, post, getAll } from '../api.js';
import { t, money, formatInstant } from '../i18n.js';
import { can, has } from '../session.js';
import { h, icon, fill, toast, showError, confirmDialog, openDrawer, busy, clearFieldErrors } from '../ui.js';
import { savedFilters } from '../lists/saved-filters.js';
import { bulkSelection } from '../lists/bulk.js';
import { masterDetail, chips, pagedList, figures, moneyBadge, label, clientNameEl, clientName, clientPicker, parseAmount, field } from '../money/common.js';
import { payOnline, manualPayment, payFromWallet } from '../money/pay.js';

const STATUSES = ['', 'draft', 'issued', 'partially_paid', 'paid', 'refunded', 'void'];
const OPEN = new Set(['issued', 'partially_paid']);

function invoiceTitle(inv) {
    return inv.number ? t('web.invoices.number', { number: inv.number }) : t('web.invoices.draft_title');
}

/** The card of one invoice (content only); onChange(invoice) after an action changed it. */
export function invoiceCard(inv, { signal, onChange } = {}) {
    const reload = async () => { try { const fresh = await get(`/invoices/${inv.id}`); if (onChange) onChange(fresh); } catch (err) { showError(err); } };
    const write = can('finance.write');
    const actions = [];
    if (write && inv.status === 'draft') {
        actions.push(h('button.btn', { type: 'button', 'data-action': 'issue', onclick: async (e) => {
            e.target.disabled = true;
            try { const fresh = await post(`/invoices/${inv.id}/issue`, {}); toast(t('web.invoices.issued_ok', { number: fresh.number }), 'success'); if (onChange) onChange(fresh); } catch (err) { showError(err); e.target.disabled = false; }
        } }, icon('assignment_turned_in', 'left'), t('web.invoices.issue')));
    }
    if (write && OPEN.has(inv.status) && Number(inv.balance) > 0) {
        actions.push(h('button.btn', { type: 'button', 'data-action': 'manual-payment', onclick: () => manualPayment({ invoiceId: inv.id, amount: inv.balance, onDone: reload }) }, icon('receipt_long', 'left'), t('web.payments.record')));
        if (has('payments.yookassa')) actions.push(h('button.btn-flat', { type: 'button', 'data-action': 'pay-online', onclick: () => payOnline({ invoiceId: inv.id, amount: inv.balance, onDone: reload }) }, icon('credit_card', 'left'), t('web.payments.pay_online')));
        actions.push(h('button.btn-flat', { type: 'button', 'data-action': 'pay-wallet', onclick: () => payFromWallet({ invoiceId: inv.id, balance: inv.balance, onDone: reload }) }, icon('account_balance_wallet', 'left'), t('web.wallet.pay')));
        actions.push(h('button.btn-flat', { type: 'button', 'data-action': 'send', onclick: () => sendLink(inv) }, icon('send', 'left'), t('web.invoices.send')));
    }
    if (write && ['draft', 'issued', 'partially_paid'].includes(inv.status)) {
        actions.push(h('button.btn-flat.red-text', { type: 'button', 'data-action': 'void', onclick: () => voidInvoice(inv, reload) }, icon('block', 'left'), t('web.invoices.void')));
    }
    const items = h('table.invoice-items', null,
        h('thead', null, h('tr', null, h('th', null, t('web.invoices.item')), h('th.num', null, t('web.invoices.qty')), h('th.num', null, t('web.invoices.price')), h('th.num', null, t('web.invoices.total')))),
        h('tbody', null, inv.items.map((it) => h('tr', null, h('td', null, it.description), h('td.num', null, String(it.quantity)), h('td.num', null, money(it.unitPrice, inv.currency)), h('td.num', null, money(it.total, inv.currency))))));
    return h('div.invoice-card', { 'data-invoice': inv.id, 'data-status': inv.status },
        h('p.card-status', null, moneyBadge('web.invoices.status', inv.status), ' ', h('a', { href: `#/clients/${inv.clientId}/money` }, clientNameEl(inv.clientId, signal, undefined, inv.clientName))),
        items,
        figures([
            ['web.invoices.subtotal', money(inv.subtotal, inv.currency)],
            Number(inv.discount) > 0 ? ['web.invoices.discount', '− ' + money(inv.discount, inv.currency), { 'data-figure': 'discount' }] : null,
            ['web.invoices.payable', h('strong', null, money(inv.payable, inv.currency)), { 'data-figure': 'payable' }],
            ['web.invoices.paid', money(inv.paid, inv.currency), { 'data-figure': 'paid' }],
            Number(inv.refunded) > 0 ? ['web.invoices.refunded', money(inv.refunded, inv.currency), { 'data-figure': 'refunded' }] : null,
            ['web.invoices.balance', h('strong', null, money(inv.balance, inv.currency)), { 'data-figure': 'balance' }],
            inv.issuedAt ? ['web.invoices.issued_at', formatInstant(inv.issuedAt, 'dateTime')] : null,
            inv.voidedAt ? ['web.invoices.voided_at', formatInstant(inv.voidedAt, 'dateTime') + (inv.voidReason ? ` · ${inv.voidReason}` : '')] : null,
            inv.notes ? ['web.invoices.notes', inv.notes] : null,
        ]),
        inv.payments.length ? h('div.invoice-payments', null, h('h3.section-title', null, t('web.payments.title')),
            inv.payments.map((p) => h('a.money-row', { href: `#/payments?id=${p.id}`, 'data-payment-row': p.id, 'data-status': p.status },
                h('span', null, label('web.payments.kind', p.kind), ' · ', label('web.payments.provider', p.provider)),
                h('span.num', null, (p.kind === 'refund' ? '− ' : '') + money(p.amount, inv.currency)),
                moneyBadge('web.payments.status', p.status)))) : null,
        actions.length ? h('div.card-actions', null, actions) : null);
}

async function sendLink(inv) {
    const name = await clientName(inv.clientId, undefined, inv.clientName);
    if (!await confirmDialog(t('web.invoices.confirm_send', { name, amount: money(inv.balance, inv.currency) }), { ok: t('web.invoices.send') })) return;
    try {
        await post(`/invoices/${inv.id}/send`, {});
        toast(t('web.invoices.sent'), 'success');
    } catch (err) { showError(err); }
}

async function voidInvoice(inv, reload) {
    const name = await clientName(inv.clientId, undefined, inv.clientName);
    const what = inv.number ? t('web.invoices.number', { number: inv.number }) : t('web.invoices.draft_title');
    const text = t(Number(inv.paid) > 0 ? 'web.invoices.confirm_void_paid' : 'web.invoices.confirm_void', { what, name, amount: money(inv.payable, inv.currency), paid: money(inv.paid, inv.currency) });
    if (!await confirmDialog(text, { ok: t('web.invoices.void'), danger: true })) return;
    try {
        await post(`/invoices/${inv.id}/void`, {});
        toast(t('web.invoices.voided'), 'success');
        reload();
    } catch (err) { showError(err); }
}

/** The form of a new invoice: a client and service lines or free lines; or an appointment. */
const VISIT_STATUSES = new Set(['pending', 'deposit_required', 'confirmed', 'in_progress', 'completed']);

/** Creates the invoice of an appointment; one that exists already (409 invoice_exists) is opened instead. */
async function invoiceOfAppointment(appointmentId) {
    try {
        return await post('/invoices', { appointmentId }, { idempotent: true });
    } catch (err) {
        if (err.status !== 409) throw err;
        const page = await get('/invoices', { 'filter[appointmentId]': appointmentId, limit: 10 });
        const open = page.items.find((i) => i.status !== 'void');
        if (!open) throw err;
        toast(err.message, 'info');
        return open;
    }
}

function newInvoiceForm({ signal, onCreated, clientId, clientLabel }) {
    const visits = h('div.client-visits', { 'data-client-visits': true });
    async function showVisits(client) {
        fill(visits);
        try {
            const from = new Date(Date.now() - 60 * 86400000).toISOString();
            const [page] = await Promise.all([get('/appointments', { 'filter[clientId]': client.id, 'filter[from]': from, limit: 20 }, { signal }), servicesReady]);
            const shown = page.items.filter((a) => VISIT_STATUSES.has(a.status) && a.paymentStatus !== 'paid').slice(-6).reverse();
            if (!shown.length) return;
            fill(visits, h('p.grey-text', null, t('web.invoices.from_visit')), shown.map((a) => h('button.btn-flat.visit-pick', { type: 'button', 'data-appointment': a.id, onclick: (event) => busy(event.currentTarget.parentElement, async () => {
                try {
                    const inv = await invoiceOfAppointment(a.id);
                    toast(t('web.invoices.created'), 'success');
                    onCreated(inv);
                } catch (err) { showError(err); }
            }) }, icon('event', 'left'), `${formatInstant(a.startsAt, 'dateTime')} · ${(services.find((s) => s.id === a.serviceId) || {}).name || ''} · ${money(a.price, a.currency)}`)));
        } catch (err) { showError(err); }
    }
    const picker = clientPicker('clientId', { signal, initial: clientId ? { id: clientId, name: clientLabel || '' } : null, onPick: showVisits });
    const lines = h('div.invoice-lines');
    let services = [];
    const servicesReady = getAll('/services', { 'filter[active]': true }, 400).then((s) => { services = s; }).catch(() => {});
    function lineRow() {
        const select = h('select.browser-default', { 'data-line-service': true, 'aria-label': t('web.invoices.service') },
            h('option', { value: '' }, t('web.invoices.free_line')),
            services.map((s) => h('option', { value: s.id, 'data-price': s.basePrice }, `${s.name} · ${money(s.basePrice)}`)));
        const desc = h('input', { type: 'text', 'data-line-desc': true, placeholder: t('web.invoices.description'), maxlength: 300 });
        const qty = h('input', { type: 'number', min: 1, max: 1000, value: 1, 'data-line-qty': true, 'aria-label': t('web.invoices.qty') });
        const price = h('input', { type: 'text', inputmode: 'decimal', 'data-line-price': true, placeholder: t('web.invoices.price'), 'aria-label': t('web.invoices.price') });
        select.addEventListener('change', () => {
            const option = select.selectedOptions[0];
            desc.hidden = Boolean(select.value);
            if (select.value) price.value = option.dataset.price;
        });
        const row = h('div.invoice-line', { 'data-line': true }, select, desc, qty, price,
            h('button.btn-flat', { type: 'button', 'aria-label': t('web.invoices.remove_line'), onclick: () => row.remove() }, icon('delete')));
        return row;
    }
    servicesReady.then(() => lines.append(lineRow()));
    if (clientId) clientName(clientId, signal).then((name) => { picker.el.querySelector('[data-client-search]').value = name; showVisits({ id: clientId }); });
    const form = h('form.money-form', { 'data-form': 'new-invoice' },
        picker.el, visits,
        h('h3.section-title', null, t('web.invoices.lines')), lines,
        h('button.btn-flat', { type: 'button', 'data-action': 'add-line', onclick: () => lines.append(lineRow()) }, icon('add', 'left'), t('web.invoices.add_line')),
        h('div.input-field', null, h('input', { type: 'hidden', name: 'items' })),
        field('web.invoices.discount_manual', h('input', { type: 'text', inputmode: 'decimal', name: 'discount', id: 'inv-discount' }), t('web.invoices.discount_hint')),
        field('web.invoices.notes', h('textarea.materialize-textarea', { name: 'notes', id: 'inv-notes', maxlength: 2000 })),
        h('p', null, h('label', null, h('input', { type: 'checkbox', name: 'draft', 'data-draft': true }), h('span', null, t('web.invoices.as_draft')))),
        h('div.form-actions', null, h('button.btn', { type: 'submit', 'data-action': 'create-invoice' }, icon('add', 'left'), t('web.invoices.create'))));
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        const items = [];
        let bad = false;
        for (const row of lines.querySelectorAll('[data-line]')) {
            const serviceId = row.querySelector('[data-line-service]').value;
            const description = row.querySelector('[data-line-desc]').value.trim();
            const quantity = Number(row.querySelector('[data-line-qty]').value || 1);
            const rawPrice = row.querySelector('[data-line-price]').value.trim();
            const unitPrice = rawPrice ? parseAmount(rawPrice) : null;
            if (!serviceId && !description && !rawPrice) continue;
            if ((rawPrice && !unitPrice) || (!serviceId && (!description || !unitPrice))) { bad = true; row.classList.add('invalid-line'); continue; }
            row.classList.remove('invalid-line');
            const item = { quantity };
            if (serviceId) item.serviceId = serviceId;
            if (description && !serviceId) item.description = description;
            if (unitPrice) item.unitPrice = unitPrice;
            items.push(item);
        }
        const fields = {};
        if (!picker.value()) fields.clientId = 'required';
        if (bad || items.length === 0) fields.items = bad ? 'invalid' : 'required';
        const discountRaw = form.elements.discount.value.trim();
        const discount = discountRaw ? parseAmount(discountRaw) : null;
        if (discountRaw && !discount) fields.discount = 'invalid';
        if (Object.keys(fields).length) { showError({ fields, message: t('web.error.check_fields') }, form); return; }
        const body = { clientId: picker.value(), items, draft: form.elements.draft.checked };
        if (discount) body.discount = discount;
        const notes = form.elements.notes.value.trim();
        if (notes) body.notes = notes;
        busy(form, async () => {
            try {
                clearFieldErrors(form);
                const inv = await post('/invoices', body, { idempotent: true });
                toast(t('web.invoices.created'), 'success');
                onCreated(inv);
            } catch (err) { showError(err, form); }
        });
    });
    return form;
}

/** Opens (or creates) the invoice of an appointment in the drawer: the appointment card calls this. */
export async function openInvoiceForAppointment(appointmentId) {
    try {
        const page = await get('/invoices', { 'filter[appointmentId]': appointmentId, limit: 10 });
        let inv = page.items.find((i) => i.status !== 'void');
        if (!inv) {
            if (!await confirmDialog(t('web.invoices.confirm_from_appointment'), { ok: t('web.invoices.create') })) return null;
            inv = await post('/invoices', { appointmentId }, { idempotent: true });
            toast(t('web.invoices.created'), 'success');
        }
        // Re-opened after each change: a payment form in between takes the one drawer.
        const show = (fresh) => openDrawer(invoiceTitle(fresh), invoiceCard(fresh, { onChange: show }), { wide: true });
        show(inv);
        return inv;
    } catch (err) { showError(err); return null; }
}

export default {
    title: 'web.invoices.title',
    mount(root, ctx) {
        let status = ctx.query.status || '';
        const search = h('input.search-box', { type: 'search', 'data-search': true, placeholder: t('web.invoices.search'), 'aria-label': t('web.invoices.search'), value: ctx.query.q || '' });
        const bulk = bulkSelection({
            actions: [
                { name: 'issue', icon: 'assignment_turned_in', label: 'web.invoices.bulk.issue', onclick: (items) => bulkIssue(items) },
                { name: 'send', icon: 'send', label: 'web.invoices.bulk.send', onclick: (items) => bulkSend(items) },
            ],
            onDone: () => list.reload(),
        });
        const row = (inv) => {
            const el = h('a.money-row.invoice-row', { href: `#/invoices?id=${inv.id}`, 'data-invoice-row': inv.id, 'data-list-item': true, 'data-status': inv.status, onclick: (e) => { e.preventDefault(); open(inv.id); } },
                h('span.row-main', null, can('finance.write') ? bulk.checkbox(inv, inv.number || t('web.invoices.draft_title')) : null, h('strong', null, inv.number || t('web.invoices.draft_title')), ' ', clientNameEl(inv.clientId, ctx.signal, 'span.grey-text.client-ref', inv.clientName)),
                h('span.row-side', null, h('span.num', null, money(inv.payable, inv.currency)), moneyBadge('web.invoices.status', inv.status)),
                h('span.row-sub.grey-text', null, formatInstant(inv.issuedAt || inv.createdAt, 'date'), Number(inv.balance) > 0 && OPEN.has(inv.status) ? ` · ${t('web.invoices.due', { amount: money(inv.balance, inv.currency) })}` : ''));
            return el;
        };
        const list = pagedList({ path: '/invoices', query: () => ({ 'filter[status]': status || undefined, q: search.value.trim() || undefined }), row, empty: t('web.invoices.none'), signal: ctx.signal });
        const statusChips = () => chips('status', STATUSES.map((s) => ({ value: s, label: s ? label('web.invoices.status', s) : t('web.money.all') })), status, (value) => { status = value; ctx.setQuery({ ...ctx.query, status: value || undefined }); list.reload(); });
        const chipsHost = h('div.chips-host', null, statusChips());
        const toolbar = h('div.money-toolbar', null,
            h('div.toolbar-row', null, h('div.list-toolbar', null, icon('search'), search),
                can('finance.write') ? h('button.btn', { type: 'button', 'data-action': 'new-invoice', title: 'N', onclick: () => startNew() }, icon('add', 'left'), t('web.invoices.new')) : null),
            chipsHost,
            savedFilters({ screen: 'invoices', state: () => ({ status, q: search.value.trim() }), apply: (saved) => {
                status = saved.status || ''; search.value = saved.q || '';
                ctx.setQuery({ ...ctx.query, status: status || undefined, q: search.value || undefined });
                chipsHost.replaceChildren(statusChips());
                list.reload();
            } }),
            bulk.bar);
        const md = masterDetail({ screen: 'invoices', toolbar, list: list.list, more: list.more, empty: t('web.invoices.pick') });
        let timer = null;
        search.addEventListener('input', () => {
            clearTimeout(timer);
            // The API searches every invoice (number, client's name or email), not only the loaded page.
            timer = setTimeout(() => { ctx.setQuery({ ...ctx.query, q: search.value.trim() || undefined }); list.reload(); }, 250);
        });
        async function bulkIssue(items) {
            const drafts = items.filter((inv) => inv.status === 'draft');
            if (drafts.length === 0) { toast(t('web.invoices.bulk.no_drafts')); return; }
            if (!(await confirmDialog(t('web.invoices.bulk.issue_confirm', { n: drafts.length }), { ok: t('web.invoices.bulk.issue') }))) return;
            bulk.run(drafts, (inv) => post(`/invoices/${inv.id}/issue`, {}), 'web.invoices.bulk.issued');
        }
        async function bulkSend(items) {
            // Only invoices with money still to pay have a pay link worth sending.
            const open = items.filter((inv) => OPEN.has(inv.status) && Number(inv.balance) > 0);
            if (open.length === 0) { toast(t('web.invoices.bulk.none_open')); return; }
            if (!(await confirmDialog(t('web.invoices.bulk.send_confirm', { n: open.length }), { ok: t('web.invoices.bulk.send') }))) return;
            bulk.run(open, (inv) => post(`/invoices/${inv.id}/send`, {}), 'web.invoices.bulk.sent');
        }
        let card = null;
        async function open(id) {
            ctx.setQuery({ ...ctx.query, id });
            md.loading();
            try {
                const inv = await get(`/invoices/${id}`, null, { signal: ctx.signal });
                show(inv);
            } catch (err) { showError(err); }
        }
        function show(inv) {
            card = md.showCard(invoiceTitle(inv), invoiceCard(inv, { signal: ctx.signal, onChange: (fresh) => { show(fresh); refreshRow(fresh); } }));
        }
        function refreshRow(inv) {
            const old = list.list.querySelector(`[data-invoice-row="${inv.id}"]`);
            if (old) old.replaceWith(row(inv)); else list.reload();
        }
        function startNew(clientId) {
            card = md.showCard(t('web.invoices.new'), newInvoiceForm({ signal: ctx.signal, clientId, onCreated: (inv) => { show(inv); list.reload(); } }));
        }
        fill(root, md.root);
        list.reload();
        if (ctx.query.id) open(ctx.query.id);
        if (ctx.query.new) startNew(ctx.query.client);
        return {
            unmount: () => clearTimeout(timer),
            onNew: () => { if (can('finance.write')) startNew(); },
            onSearch: () => search.focus(),
        };
    },
};
