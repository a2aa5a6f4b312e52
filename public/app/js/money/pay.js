// Money actions used from several screens (an invoice's card, the payments list, the client's
// wallet): pay online (the pay link), record a manual payment with its proof, pay from the wallet,
// the second person's approval, refunds, and the capture or release of money held on a card. Every POST that moves money carries an Idempotency-Key.

import { api, get, post } from '../api.js';
import { t, money, formatInstant } from '../i18n.js';
import { can, has, current } from '../session.js';
import { h, icon, fill, toast, showError, confirmDialog, openDrawer, formValues, busy, clearFieldErrors } from '../ui.js';
import { clientNameEl, figures, moneyBadge, label, parseAmount, field } from './common.js';

const PROOF_TYPES = 'image/jpeg,image/png,image/webp,application/pdf';

function amountInput(value) {
    return h('input', { type: 'text', inputmode: 'decimal', name: 'amount', id: `amount-${Math.random().toString(36).slice(2, 7)}`, value: value || '', autocomplete: 'off' });
}

/** The pay link of an online payment, with a copy button. */
export function payLinkBlock(payment) {
    const url = payment.confirmationUrl || payment.payUrl;
    if (!url) return null;
    return h('div.pay-link', { 'data-pay-link': true },
        h('p', null, icon('link', 'tiny'), ' ', t('web.payments.pay_link')),
        h('a', { href: url, target: '_blank', rel: 'noopener' }, url),
        h('button.btn-flat', { type: 'button', onclick: () => navigator.clipboard?.writeText(url).then(() => toast(t('web.payments.copied'), 'success')).catch(() => {}) }, icon('content_copy', 'tiny'), ' ', t('web.payments.copy')));
}

/** Online payment of an invoice (or a wallet top-up with clientId): shows the link to pay. */
export function payOnline({ invoiceId, clientId, amount, onDone }) {
    const form = h('form.money-form', { 'data-form': 'pay-online' },
        h('p.grey-text', null, t(clientId ? 'web.wallet.topup_online_hint' : 'web.payments.online_hint')),
        field('web.payments.amount', amountInput(amount)),
        invoiceId && has('payments.prepay_hold')
            ? h('label.hold-option', null, h('input', { type: 'checkbox', name: 'hold', value: '1' }), h('span', null, t('web.payments.hold_option'))) : null,
        h('div.result'),
        h('div.form-actions', null, h('button.btn', { type: 'submit', 'data-action': 'create-online' }, icon('credit_card', 'left'), t('web.payments.create_link'))));
    const drawer = openDrawer(t('web.payments.pay_online'), form);
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        const raw = formValues(form).amount;
        const value = raw ? parseAmount(raw) : null;
        if (raw && !value) { showError({ fields: { amount: 'invalid' }, message: t('web.error.check_fields') }, form); return; }
        busy(form, async () => {
            try {
                clearFieldErrors(form);
                const body = invoiceId ? { invoiceId } : { clientId };
                if (value) body.amount = value;
                // Two stages: the money is held on the card and taken later (or released).
                if (invoiceId && form.elements.hold && form.elements.hold.checked) body.capture = false;
                const payment = await post('/payments', body, { idempotent: true });
                fill(form.querySelector('.result'), payLinkBlock(payment) || h('p', null, label('web.payments.status', payment.status)));
                toast(t('web.payments.link_created'), 'success');
                if (onDone) onDone(payment);
            } catch (err) { showError(err, form); }
        });
    });
    return drawer;
}

/** A manual payment (cash, transfer) with its proof: counted once a second person approves it. */
export function manualPayment({ invoiceId, clientId, amount, onDone }) {
    const amountEl = amountInput(amount);
    const form = h('form.money-form', { 'data-form': 'manual-payment' },
        h('p.grey-text', null, t('web.payments.manual_hint')),
        field('web.payments.amount', amountEl),
        field('web.payments.comment', h('textarea.materialize-textarea', { name: 'comment', id: 'manual-comment', required: true, maxlength: 2000 })),
        h('div.input-field.file-field-plain', null,
            h('label.active', { for: 'manual-proof' }, t('web.payments.proof')),
            h('input', { type: 'file', name: 'proof', id: 'manual-proof', accept: PROOF_TYPES, required: true, 'data-proof': true }),
            h('span.helper-text', null, t('web.payments.proof_hint'))),
        h('div.form-actions', null, h('button.btn', { type: 'submit', 'data-action': 'record-manual' }, icon('receipt_long', 'left'), t('web.payments.record'))));
    const drawer = openDrawer(t('web.payments.manual_title'), form);
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        const raw = amountEl.value.trim();
        const value = raw ? parseAmount(raw) : null;
        if ((raw && !value) || (clientId && !value)) { showError({ fields: { amount: raw ? 'invalid' : 'required' }, message: t('web.error.check_fields') }, form); return; }
        const data = new FormData();
        if (invoiceId) data.append('invoiceId', invoiceId);
        if (clientId) data.append('clientId', clientId);
        if (value) data.append('amount', value);
        data.append('comment', form.elements.comment.value);
        const file = form.elements.proof.files[0];
        if (file) data.append('proof', file, file.name);
        busy(form, async () => {
            try {
                clearFieldErrors(form);
                const payment = await api('POST', '/payments/manual', { body: data, idempotent: true });
                toast(t('web.payments.recorded'), 'success');
                drawer.close();
                if (onDone) onDone(payment);
            } catch (err) { showError(err, form); }
        });
    });
    return drawer;
}

/** Pays (part of) an invoice from the client's wallet, after a confirm naming the amount. */
export async function payFromWallet({ invoiceId, amount, balance, onDone }) {
    const shown = amount || balance;
    if (!await confirmDialog(t('web.wallet.confirm_pay', { amount: money(shown) }), { ok: t('web.wallet.pay') })) return;
    try {
        const body = { invoiceId };
        if (amount) body.amount = amount;
        const payment = await post('/payments/wallet', body, { idempotent: true });
        toast(t('web.wallet.paid'), 'success');
        if (onDone) onDone(payment);
    } catch (err) { showError(err); }
}

/** Refund form: amount (default everything refundable), reason, "to the client's wallet". */
export function refundForm(payment, onDone) {
    const amountEl = amountInput(payment.refundable);
    const toWallet = h('input', { type: 'checkbox', name: 'toWallet', 'data-to-wallet': true });
    const form = h('form.money-form', { 'data-form': 'refund' },
        h('p', null, t('web.payments.refundable_amount', { amount: money(payment.refundable, payment.currency) })),
        field('web.payments.amount', amountEl),
        field('web.payments.reason', h('input', { type: 'text', name: 'reason', id: 'refund-reason', maxlength: 500 })),
        payment.kind !== 'top_up' ? h('p', null, h('label', null, toWallet, h('span', null, t('web.payments.to_wallet')))) : null,
        h('div.form-actions', null, h('button.btn.red.darken-2', { type: 'submit', 'data-action': 'refund-submit' }, icon('undo', 'left'), t('web.payments.refund'))));
    const drawer = openDrawer(t('web.payments.refund_title'), form);
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const value = parseAmount(amountEl.value.trim());
        if (!value) { showError({ fields: { amount: 'invalid' }, message: t('web.error.check_fields') }, form); return; }
        const where = toWallet.checked ? t('web.payments.where_wallet') : t('web.payments.where_source');
        if (!await confirmDialog(t('web.payments.confirm_refund', { amount: money(value, payment.currency), where }), { ok: t('web.payments.refund'), danger: true })) return;
        busy(form, async () => {
            try {
                clearFieldErrors(form);
                const body = { amount: value, toWallet: toWallet.checked };
                const reason = form.elements.reason.value.trim();
                if (reason) body.reason = reason;
                await post(`/payments/${payment.id}/refunds`, body, { idempotent: true });
                toast(t('web.payments.refunded_ok'), 'success');
                drawer.close();
                if (onDone) onDone();
            } catch (err) { showError(err, form); }
        });
    });
    return drawer;
}

/** Rejecting asks why (the API requires a comment) in the drawer; the payment is never counted. */
function rejectForm(payment, onDone) {
    const form = h('form.money-form', { 'data-form': 'reject' },
        h('p', null, t('web.payments.reject_what', { amount: money(payment.amount, payment.currency) })),
        field('web.payments.reject_reason', h('textarea.materialize-textarea', { name: 'comment', id: 'reject-comment', maxlength: 2000 })),
        h('div.form-actions', null, h('button.btn.red.darken-2', { type: 'submit', 'data-action': 'reject-submit' }, icon('close', 'left'), t('web.payments.reject'))));
    const drawer = openDrawer(t('web.payments.reject'), form);
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        const comment = form.elements.comment.value.trim();
        if (!comment) { showError({ fields: { comment: 'required' }, message: t('web.payments.reject_reason_required') }, form); return; }
        busy(form, async () => {
            try {
                clearFieldErrors(form);
                await post(`/payments/${payment.id}/reject`, { comment }, { idempotent: true });
                toast(t('web.payments.rejected'), 'success');
                drawer.close();
                if (onDone) onDone();
            } catch (err) { showError(err, form); }
        });
    });
}

async function decide(payment, verb, onDone) {
    if (verb === 'reject') { rejectForm(payment, onDone); return; }
    if (!await confirmDialog(t('web.payments.confirm_approve', { amount: money(payment.amount, payment.currency) }), { ok: t('web.payments.approve') })) return;
    try {
        // The API refuses the creator's own approval: its message is shown as is.
        await post(`/payments/${payment.id}/approve`, {}, { idempotent: true });
        toast(t('web.payments.approved'), 'success');
        if (onDone) onDone();
    } catch (err) { showError(err); }
}

/** The payment's card: figures, proof, approval buttons (payments.approve, not the creator), refund. */
/** Takes held money: all of it, or less (the rest goes back to the card). */
function captureForm(p, onDone) {
    const form = h('form.money-form', { 'data-form': 'capture' },
        h('p.grey-text', null, t('web.payments.capture_hint', { amount: money(p.amount, p.currency) })),
        field('web.payments.amount', amountInput(p.amount)),
        h('div.form-actions', null, h('button.btn', { type: 'submit', 'data-action': 'capture-submit' }, icon('price_check', 'left'), t('web.payments.capture'))));
    const drawer = openDrawer(t('web.payments.capture'), form);
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        const value = parseAmount(formValues(form).amount || '');
        if (!value) { showError({ fields: { amount: 'invalid' }, message: t('web.error.check_fields') }, form); return; }
        busy(form, async () => {
            try {
                clearFieldErrors(form);
                await post(`/payments/${p.id}/capture`, { amount: value }, { idempotent: true });
                toast(t('web.payments.captured', { amount: money(value, p.currency) }), 'success');
                drawer.close();
                if (onDone) onDone();
            } catch (err) { showError(err, form); }
        });
    });
    return drawer;
}

/** Gives held money back to the card, asked once. */
async function release(p, onDone) {
    if (!(await confirmDialog(t('web.payments.release_confirm', { amount: money(p.amount, p.currency) }), { ok: t('web.payments.release'), danger: true }))) return;
    try {
        await post(`/payments/${p.id}/cancel`, {}, { idempotent: true });
        toast(t('web.payments.released'), 'success');
        if (onDone) onDone();
    } catch (err) { showError(err); }
}

export function paymentCard(p, { signal, onChange } = {}) {
    const me = current();
    const pendingManual = p.provider === 'manual' && p.status === 'pending';
    // The API refuses self-approval (its message is shown if it happens); the creator sees a note instead.
    const own = Boolean(me && p.createdBy && me.user && me.user.id === p.createdBy);
    const mayDecide = pendingManual && can('payments.approve') && !own;
    const actions = [];
    if (mayDecide) {
        actions.push(h('button.btn', { type: 'button', 'data-action': 'approve', onclick: () => decide(p, 'approve', onChange) }, icon('check', 'left'), t('web.payments.approve')));
        actions.push(h('button.btn-flat', { type: 'button', 'data-action': 'reject', onclick: () => decide(p, 'reject', onChange) }, icon('close', 'left'), t('web.payments.reject')));
    }
    if (p.status === 'succeeded' && p.kind !== 'refund' && Number(p.refundable) > 0 && can('finance.write')) {
        actions.push(h('button.btn-flat', { type: 'button', 'data-action': 'refund', onclick: () => refundForm(p, onChange) }, icon('undo', 'left'), t('web.payments.refund')));
    }
    if (p.status === 'waiting_for_capture' && can('finance.write')) {
        actions.push(h('button.btn', { type: 'button', 'data-action': 'capture', onclick: () => captureForm(p, onChange) }, icon('price_check', 'left'), t('web.payments.capture')));
        actions.push(h('button.btn-flat', { type: 'button', 'data-action': 'release', onclick: () => release(p, onChange) }, icon('money_off', 'left'), t('web.payments.release')));
    }
    if (p.provider !== 'manual' && p.status === 'pending' && can('finance.write')) {
        actions.push(h('button.btn-flat', { type: 'button', 'data-action': 'refresh', onclick: async () => { try { await post(`/payments/${p.id}/refresh`, {}); if (onChange) onChange(); } catch (err) { showError(err); } } }, icon('refresh', 'left'), t('web.payments.refresh')));
    }
    const proof = p.provider === 'manual' && p.kind !== 'refund'
        ? h('button.btn-flat', { type: 'button', 'data-action': 'proof', onclick: () => openProof(p.id) }, icon('attachment', 'left'), t('web.payments.view_proof')) : null;
    return h('div.payment-card', { 'data-payment': p.id, 'data-status': p.status },
        h('p.card-status', null, moneyBadge('web.payments.status', p.status), ' ', h('span.chip-small', null, label('web.payments.kind', p.kind)), ' ', h('span.chip-small', null, label('web.payments.provider', p.provider))),
        figures([
            ['web.payments.amount', money(p.amount, p.currency), { 'data-figure': 'amount' }],
            ['web.money.client', h('a', { href: `#/clients/${p.clientId}/money` }, clientNameEl(p.clientId, signal, undefined, p.clientName))],
            p.invoiceId ? ['web.invoices.invoice', h('a', { href: `#/invoices?id=${p.invoiceId}`, 'data-invoice-link': p.invoiceId }, t('web.invoices.open'))] : null,
            ['web.payments.refunded', money(p.refunded, p.currency)],
            ['web.payments.refundable', money(p.refundable, p.currency)],
            p.comment ? ['web.payments.comment', p.comment] : null,
            p.failureReason ? ['web.payments.failure', h('span.red-text', null, label('web.payments.failure_reason', p.failureReason))] : null,
            ['web.payments.created', formatInstant(p.createdAt, 'dateTime')],
            p.succeededAt ? ['web.payments.succeeded_at', formatInstant(p.succeededAt, 'dateTime')] : null,
        ]),
        pendingManual && !can('payments.approve') ? h('p.grey-text', null, t('web.payments.awaiting_approval')) : null,
        pendingManual && own ? h('p.grey-text', { 'data-own-payment': true }, t('web.payments.own_payment')) : null,
        payLinkBlock(p),
        proof,
        actions.length ? h('div.card-actions', null, actions) : null);
}

/** Opens the proof file in a new tab (a blob URL: the request carries the session cookie). */
async function openProof(id) {
    try {
        const response = await api('GET', `/payments/${id}/proof`, { raw: true });
        const blob = await response.blob();
        window.open(URL.createObjectURL(blob), '_blank', 'noopener');
    } catch (err) { showError(err); }
}

/** Loads a payment and shows its card in the given holder (used by the payments screen). */
export async function loadPayment(id, signal) {
    return get(`/payments/${id}`, null, { signal });
}
