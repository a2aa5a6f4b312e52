// Integrations: the providers of payments, SMS, email and Telegram; connect with the credentials
// form (secrets are write-only: the API answers only whether one is stored), test, enable,
// disable, disconnect.

import { get, put, post, del } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { h, icon, fill, skeleton, toast, showError, confirmDialog, openDrawer, busy, clearFieldErrors } from '../ui.js';
import { moneyBadge, label } from '../money/common.js';

const CHANNEL_ICONS = { payments: 'credit_card', sms: 'sms', email: 'mail', telegram: 'send' };
const ORDER = ['payments', 'sms', 'email', 'telegram'];

export default {
    title: 'web.integrations.title',
    mount(root, ctx) {
        const grid = h('div.integration-grid', null, skeleton(6));
        async function load() {
            try {
                const page = await get('/integrations', null, { signal: ctx.signal });
                const items = [...page.items].sort((a, b) => ORDER.indexOf(a.channel) - ORDER.indexOf(b.channel));
                fill(grid, items.map(card));
            } catch (err) { showError(err); }
        }
        function card(x) {
            const configured = x.state !== 'not_configured';
            const act = async (verb, text) => {
                try {
                    const answer = await post(`/integrations/${x.provider}/${verb}`, {});
                    if (verb === 'test') toast(answer.ok ? t('web.integrations.test_ok') : t('web.integrations.test_failed', { detail: answer.detail || (answer.error && answer.error.message) || '' }), answer.ok ? 'success' : 'error');
                    else toast(text, 'success');
                    load();
                } catch (err) { showError(err); }
            };
            return h('section.card.integration', { 'data-integration': x.provider, 'data-state': x.state },
                h('h3', null, h('span', null, icon(CHANNEL_ICONS[x.channel] || 'extension'), ' ', label('web.integrations.provider', x.provider)), moneyBadge('web.integrations.state', x.state)),
                h('p.grey-text', null, label('web.integrations.channel', x.channel)),
                x.lastTest ? h('p', { 'data-last-test': true }, icon(x.lastTest.ok ? 'check_circle' : 'error', 'tiny'), ' ', t('web.integrations.last_test', { at: formatInstant(x.lastTest.checkedAt, 'dateTime') }), x.lastTest.ok ? '' : ` · ${x.lastTest.detail || (x.lastTest.error && x.lastTest.error.message) || ''}`) : null,
                h('div.card-actions', null,
                    h('button.btn-small', { type: 'button', 'data-action': 'connect', onclick: () => connect(x) }, icon(configured ? 'edit' : 'link', 'left'), t(configured ? 'web.integrations.change' : 'web.integrations.connect')),
                    configured ? h('button.btn-flat.btn-small', { type: 'button', 'data-action': 'test', onclick: () => act('test') }, t('web.integrations.test')) : null,
                    x.state === 'disabled' ? h('button.btn-flat.btn-small', { type: 'button', 'data-action': 'enable', onclick: () => act('enable', t('web.integrations.enabled_ok')) }, t('web.integrations.enable')) : null,
                    x.state === 'enabled' ? h('button.btn-flat.btn-small', { type: 'button', 'data-action': 'disable', onclick: () => act('disable', t('web.integrations.disabled_ok')) }, t('web.integrations.disable')) : null,
                    configured ? h('button.btn-flat.btn-small.red-text', { type: 'button', 'data-action': 'disconnect', onclick: () => disconnect(x) }, t('web.integrations.disconnect')) : null));
        }
        function connect(x) {
            const inputs = [];
            for (const [name, value] of Object.entries(x.settings || {})) {
                inputs.push(h('div.input-field', null, h('input', { type: 'text', name, id: `int-${name}`, value: value ?? '', autocomplete: 'off' }), h('label.active', { for: `int-${name}` }, label('web.integrations.field', name))));
            }
            for (const [name, stored] of Object.entries(x.secrets || {})) {
                inputs.push(h('div.input-field', null, h('input', { type: 'password', name, id: `int-${name}`, autocomplete: 'new-password', placeholder: stored ? t('web.integrations.secret_stored') : '' }),
                    h('label.active', { for: `int-${name}` }, label('web.integrations.field', name)),
                    h('span.helper-text', null, stored ? t('web.integrations.secret_keep') : t('web.integrations.secret_hint'))));
            }
            const form = h('form.money-form', { 'data-form': 'integration', 'data-provider': x.provider }, inputs,
                h('div.form-actions', null, h('button.btn', { type: 'submit', 'data-action': 'save-integration' }, icon('save', 'left'), t('web.common.save'))));
            const drawer = openDrawer(label('web.integrations.provider', x.provider), form);
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                const body = {};
                for (const name of Object.keys(x.settings || {})) {
                    const v = form.elements[name].value.trim();
                    const numeric = name === 'port' && /^\d+$/.test(v);
                    if (v !== '' || x.settings[name] !== null) body[name] = v === '' ? null : numeric ? Number(v) : v;
                }
                for (const name of Object.keys(x.secrets || {})) {
                    const v = form.elements[name].value;
                    if (v) body[name] = v;
                }
                busy(form, async () => {
                    try {
                        clearFieldErrors(form);
                        await put(`/integrations/${x.provider}`, body);
                        toast(t('web.integrations.saved'), 'success');
                        drawer.close();
                        load();
                    } catch (err) { showError(err, form); }
                });
            });
        }
        async function disconnect(x) {
            if (!await confirmDialog(t('web.integrations.confirm_disconnect', { provider: label('web.integrations.provider', x.provider) }), { ok: t('web.integrations.disconnect'), danger: true })) return;
            try { await del(`/integrations/${x.provider}`); toast(t('web.integrations.disconnected'), 'success'); load(); } catch (err) { showError(err); }
        }
        fill(root, h('div.integrations', { 'data-screen': 'integrations' }, h('p.grey-text', null, t('web.integrations.intro')), grid));
        load();
        return {};
    },
};
