// A client's money panels, for the client card's tabs and the #/clients/:id/money screen:
//   walletPanel     balance, ledger (keyset "load more"), top-up online or by hand, pay an open invoice from it
//   discountsPanel  personal discounts (percent or fixed, some services or all, until a day), grant, revoke
//   packagesPanel   sold packages with remaining/reserved visits per service, sell a package
// Each returns a DOM element at once (a skeleton) and fills it when its data arrives.

import { get, post, del, getAll } from '../api.js';
import { t, money, formatInstant } from '../i18n.js';
import { can, has } from '../session.js';
import { h, icon, fill, skeleton, toast, showError, confirmDialog, openDrawer, busy, clearFieldErrors } from '../ui.js';
import { label, moneyBadge, parseAmount, field } from '../money/common.js';
import { payOnline, manualPayment, payFromWallet } from '../money/pay.js';
import { todayLocal } from '../tz.js';

let servicesCache = null;
function services() {
    if (!servicesCache) servicesCache = getAll('/services', {}, 400).catch((err) => { servicesCache = null; throw err; });
    return servicesCache;
}
/** An exclusive end (midnight after the last day, studio zone) → that last day, as the studio reads it. */
const lastDay = (instant) => formatInstant(new Date(new Date(instant).getTime() - 1000).toISOString(), 'date');
const serviceName = (list, id) => (list.find((s) => s.id === id) || {}).name || '—';

function panel(name, titleKey, iconName) {
    const body = h('div.panel-body', null, skeleton(3));
    const actions = h('div.panel-actions');
    const el = h('section.card.money-panel', { 'data-panel': name }, h('header.panel-head', null, h('h3', null, icon(iconName), ' ', t(titleKey)), actions), body);
    return { el, body, actions };
}

// --- wallet -----------------------------------------------------------------------------------

export function walletPanel(clientId, ctx = {}) {
    const { el, body, actions } = panel('wallet', 'web.wallet.title', 'account_balance_wallet');
    // Money is for finance.read: without it the panel is absent (hidden), as the role hides it.
    if (!can('finance.read')) { el.hidden = true; return el; }
    const signal = ctx.signal;
    async function load() {
        try {
            const [wallet, entries, open] = await Promise.all([
                get(`/clients/${clientId}/wallet`, null, { signal }),
                get(`/clients/${clientId}/wallet/entries`, { limit: 20 }, { signal }),
                get('/invoices', { 'filter[clientId]': clientId, 'filter[status][in]': 'issued,partially_paid', limit: 20 }, { signal }).catch(() => ({ items: [] })),
            ]);
            const ledger = h('div.wallet-ledger', null, entries.items.map(entryRow));
            const more = h('button.btn-flat.load-more', { type: 'button', hidden: !entries.nextCursor }, t('web.common.load_more'));
            let cursor = entries.nextCursor;
            more.addEventListener('click', async () => {
                try {
                    const page = await get(`/clients/${clientId}/wallet/entries`, { limit: 20, cursor }, { signal });
                    ledger.append(...page.items.map(entryRow));
                    cursor = page.nextCursor;
                    more.hidden = !cursor;
                } catch (err) { showError(err); }
            });
            const payable = open.items.filter((i) => Number(i.balance) > 0);
            fill(body,
                h('p.wallet-balance', null, h('span.grey-text', null, t('web.wallet.balance')), ' ', h('strong', { 'data-wallet-balance': wallet.balance }, money(wallet.balance, wallet.currency))),
                payable.length && Number(wallet.balance) > 0 && can('finance.write') ? h('div.wallet-pay', null, h('p.grey-text', null, t('web.wallet.open_invoices')),
                    payable.map((inv) => h('div.money-row', { 'data-open-invoice': inv.id },
                        h('span', null, inv.number || t('web.invoices.draft_title')),
                        h('span.num', null, money(inv.balance, inv.currency)),
                        h('button.btn-small.btn-flat', { type: 'button', 'data-action': 'wallet-pay-invoice', onclick: () => payFromWallet({ invoiceId: inv.id, balance: minMoney(inv.balance, wallet.balance), amount: Number(wallet.balance) < Number(inv.balance) ? wallet.balance : undefined, onDone: load }) }, icon('account_balance_wallet', 'left'), t('web.wallet.pay_short'))))) : null,
                entries.items.length ? ledger : h('p.empty-state', { 'data-empty': true }, t('web.wallet.no_entries')),
                more);
        } catch (err) {
            if (err.name === 'AbortError') return;
            fill(body, h('p.grey-text', null, err.status === 403 ? t('web.money.no_access') : err.message));
        }
    }
    if (can('finance.write')) {
        fill(actions,
            h('button.btn-small', { type: 'button', 'data-action': 'topup-manual', onclick: () => manualPayment({ clientId, onDone: load }) }, icon('add', 'left'), t('web.wallet.topup_manual')),
            !has('payments.yookassa') ? null : h('button.btn-small.btn-flat', { type: 'button', 'data-action': 'topup-online', onclick: () => payOnline({ clientId, onDone: load }) }, icon('credit_card', 'left'), t('web.wallet.topup_online')));
    }
    load();
    el.reload = load;
    return el;
}

function minMoney(a, b) { return Number(a) <= Number(b) ? a : b; }

function entryRow(e) {
    const negative = String(e.amount).startsWith('-');
    return h('div.money-row.wallet-entry', { 'data-entry': e.kind },
        h('span', null, label('web.wallet.kind', e.kind), e.comment ? h('span.grey-text', null, ` · ${e.comment}`) : null, h('br'), h('small.grey-text', null, formatInstant(e.createdAt, 'dateTime'))),
        h(`span.num${negative ? '.red-text' : '.green-text.text-darken-2'}`, null, (negative ? '− ' : '+ ') + money(String(e.amount).replace('-', ''), e.currency)),
        h('span.num.grey-text', null, money(e.balanceAfter, e.currency)));
}

// --- discounts --------------------------------------------------------------------------------

export function discountsPanel(clientId, ctx = {}) {
    const { el, body, actions } = panel('discounts', 'web.discounts.title', 'loyalty');
    const signal = ctx.signal;
    async function load() {
        try {
            const [page, list] = await Promise.all([get(`/clients/${clientId}/discounts`, null, { signal }), services().catch(() => [])]);
            const items = page.items || page;
            fill(body, items.length ? items.map((d) => discountRow(d, list)) : h('p.empty-state', { 'data-empty': true }, t('web.discounts.none')));
        } catch (err) {
            if (err.name === 'AbortError') return;
            fill(body, h('p.grey-text', null, err.message));
        }
    }
    function discountRow(d, list) {
        const what = d.kind === 'percent' ? `${d.percent} %` : money(d.amount);
        const scope = d.serviceIds && d.serviceIds.length ? d.serviceIds.map((id) => serviceName(list, id)).join(', ') : t('web.discounts.all_services');
        const until = d.expiresAt ? t('web.discounts.until', { date: lastDay(d.expiresAt) }) : t('web.discounts.no_end');
        const state = d.revokedAt ? 'revoked' : d.active ? 'active' : 'expired';
        return h('div.money-row.discount-row', { 'data-discount': d.id, 'data-state': state },
            h('span', null, h('strong', null, what), ' · ', scope, h('br'), h('small.grey-text', null, until, d.note ? ` · ${d.note}` : '')),
            moneyBadge('web.discounts.state', state),
            d.active && can('clients.write') ? h('button.btn-flat.btn-small', { type: 'button', 'data-action': 'revoke', onclick: () => revoke(d, what, scope) }, t('web.discounts.revoke')) : h('span'));
    }
    async function revoke(d, what, scope) {
        if (!await confirmDialog(t('web.discounts.confirm_revoke', { what, scope }), { ok: t('web.discounts.revoke'), danger: true })) return;
        try {
            await del(`/clients/${clientId}/discounts/${d.id}`);
            toast(t('web.discounts.revoked'), 'success');
            load();
        } catch (err) { showError(err); }
    }
    async function grant() {
        let list = [];
        try { list = await services(); } catch (err) { showError(err); }
        const kind = h('select.browser-default', { name: 'kind', 'data-discount-kind': true, 'aria-label': t('web.discounts.kind') },
            h('option', { value: 'percent' }, t('web.discounts.percent')), h('option', { value: 'fixed' }, t('web.discounts.fixed')));
        const percent = h('input', { type: 'number', name: 'percent', id: 'disc-percent', min: 1, max: 100, value: 10 });
        const amount = h('input', { type: 'text', inputmode: 'decimal', name: 'amount', id: 'disc-amount' });
        const percentField = field('web.discounts.percent_value', percent);
        const amountField = field('web.discounts.amount_value', amount);
        amountField.hidden = true;
        kind.addEventListener('change', () => { percentField.hidden = kind.value !== 'percent'; amountField.hidden = kind.value !== 'fixed'; });
        const serviceBoxes = h('div.service-checks', null, list.filter((s) => s.active !== false).map((s) => h('label.service-check', null, h('input', { type: 'checkbox', value: s.id, 'data-discount-service': s.id }), h('span', null, s.name))));
        const form = h('form.money-form', { 'data-form': 'grant-discount' },
            h('div.input-field', null, kind, h('label.active', null, t('web.discounts.kind'))),
            percentField, amountField,
            h('div.input-field', null, h('input', { type: 'hidden', name: 'serviceIds' }), h('p.grey-text', null, t('web.discounts.services_hint'))), serviceBoxes,
            field('web.discounts.expires_on', h('input', { type: 'date', name: 'expiresOn', id: 'disc-until', min: todayLocal() })),
            field('web.discounts.note', h('input', { type: 'text', name: 'note', id: 'disc-note', maxlength: 500 })),
            h('div.form-actions', null, h('button.btn', { type: 'submit', 'data-action': 'grant-submit' }, icon('loyalty', 'left'), t('web.discounts.grant'))));
        const drawer = openDrawer(t('web.discounts.grant_title'), form);
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            const payload = { kind: kind.value };
            if (kind.value === 'percent') payload.percent = Number(percent.value);
            else {
                const value = parseAmount(amount.value);
                if (!value) { showError({ fields: { amount: 'invalid' }, message: t('web.error.check_fields') }, form); return; }
                payload.amount = value;
            }
            const chosen = [...serviceBoxes.querySelectorAll('input:checked')].map((i) => i.value);
            if (chosen.length) payload.serviceIds = chosen;
            if (form.elements.expiresOn.value) payload.expiresOn = form.elements.expiresOn.value;
            const note = form.elements.note.value.trim();
            if (note) payload.note = note;
            busy(form, async () => {
                try {
                    clearFieldErrors(form);
                    await post(`/clients/${clientId}/discounts`, payload, { idempotent: true });
                    toast(t('web.discounts.granted'), 'success');
                    drawer.close();
                    load();
                } catch (err) { showError(err, form); }
            });
        });
    }
    if (can('clients.write')) actions.append(h('button.btn-small', { type: 'button', 'data-action': 'grant-discount', onclick: grant }, icon('add', 'left'), t('web.discounts.grant')));
    load();
    el.reload = load;
    return el;
}

// --- packages ---------------------------------------------------------------------------------

export function packagesPanel(clientId, ctx = {}) {
    const { el, body, actions } = panel('packages', 'web.packages.title', 'card_giftcard');
    const signal = ctx.signal;
    async function load() {
        try {
            const [page, list] = await Promise.all([get(`/clients/${clientId}/packages`, { limit: 50 }, { signal }), services().catch(() => [])]);
            fill(body, page.items.length ? page.items.map((p) => h('div.package-sold', { 'data-client-package': p.id, 'data-expired': p.expired ? 'true' : 'false' },
                h('p', null, h('strong', null, p.name), ' · ', money(p.price), ' ', p.expired ? moneyBadge('web.packages.state', 'expired') : null),
                h('p.grey-text', null, t('web.packages.sold_until', { sold: formatInstant(p.soldAt, 'date'), until: lastDay(p.expiresAt) })),
                h('table.package-units', null,
                    h('thead', null, h('tr', null, h('th', null, t('web.packages.service')), h('th.num', null, t('web.packages.remaining')), h('th.num', null, t('web.packages.reserved')), h('th.num', null, t('web.packages.total')))),
                    h('tbody', null, p.units.map((u) => h('tr', { 'data-unit': u.serviceId }, h('td', null, serviceName(list, u.serviceId)), h('td.num', null, String(u.remaining)), h('td.num', null, String(u.reserved)), h('td.num', null, String(u.total)))))))) : h('p.empty-state', { 'data-empty': true }, t('web.packages.none')));
        } catch (err) {
            if (err.name === 'AbortError') return;
            fill(body, h('p.grey-text', null, err.message));
        }
    }
    async function sell() {
        let defs = [];
        let list = [];
        try { [defs, list] = await Promise.all([getAll('/service-packages', { 'filter[active]': true }, 200), services()]); } catch (err) { showError(err); return; }
        const select = h('select.browser-default', { name: 'packageId', 'data-package-select': true, 'aria-label': t('web.packages.package') },
            defs.map((d) => h('option', { value: d.id }, `${d.name} · ${money(d.price)} · ${t('web.packages.days', { n: d.validityDays })}`)));
        const what = h('p.grey-text.package-what');
        const describe = () => {
            const d = defs.find((x) => x.id === select.value);
            what.textContent = d ? d.items.map((i) => `${serviceName(list, i.serviceId)} × ${i.count}`).join(', ') : '';
        };
        select.addEventListener('change', describe);
        describe();
        const form = h('form.money-form', { 'data-form': 'sell-package' },
            defs.length ? [h('div.input-field', null, select, h('label.active', null, t('web.packages.package'))), what] : h('p.empty-state', null, t('web.packages.no_definitions')),
            h('p.grey-text', null, t('web.packages.sell_hint')),
            defs.length ? h('div.form-actions', null, h('button.btn', { type: 'submit', 'data-action': 'sell-submit' }, icon('card_giftcard', 'left'), t('web.packages.sell'))) : null);
        const drawer = openDrawer(t('web.packages.sell_title'), form);
        form.addEventListener('submit', async (event) => {
            event.preventDefault();
            const d = defs.find((x) => x.id === select.value);
            if (!d) return;
            if (!await confirmDialog(t('web.packages.confirm_sell', { name: d.name, price: money(d.price) }), { ok: t('web.packages.sell') })) return;
            busy(form, async () => {
                try {
                    await post(`/clients/${clientId}/packages`, { packageId: d.id }, { idempotent: true });
                    toast(t('web.packages.sold'), 'success');
                    drawer.close();
                    load();
                } catch (err) { showError(err, form); }
            });
        });
    }
    if (can('clients.write')) actions.append(h('button.btn-small', { type: 'button', 'data-action': 'sell-package', onclick: sell }, icon('add', 'left'), t('web.packages.sell')));
    load();
    el.reload = load;
    return el;
}

