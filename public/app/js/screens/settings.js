// Settings: every section of GET/PUT /settings/{section} — the section list left, its form right
// (on a phone the list on top). Each field has a label and a hint from the catalog; the API's
// field errors land under the fields and the form keeps its values; one Save per section.
// A section the plan does not open (autotags without clients.autotags) shows the upgrade card.
// The studio's opening hours are the locations' weekly schedules (the Locations screen).

import { get, put, post } from '../api.js';
import { t, money } from '../i18n.js';
import { h, icon, skeleton, showError, fill, toast, busy, clearFieldErrors } from '../ui.js';
import * as session from '../session.js';
import { upgradeCard } from '../upgrade.js';
import { field, selectField, checkField, formActions, submitButton, timeOptions } from '../admin/kit.js';

const CURRENCIES = ['RUB', 'KZT', 'BYN', 'UAH', 'USD', 'EUR', 'GBP'];
const opts = (section, name, values) => values.map((v) => [v, t(`web.settings.${section}.${name}.${v}`)]);

// name, kind (text | int | money | select | check | color | time | offsets | channels | quiet),
// options for a select, `when(values)` to show a field only when it applies, nullable: empty → null.
const SECTIONS = {
    business: { icon: 'storefront', fields: [
        { name: 'legalName', kind: 'text', nullable: true }, { name: 'phone', kind: 'text', nullable: true, type: 'tel' },
        { name: 'email', kind: 'text', nullable: true, type: 'email' }, { name: 'address', kind: 'text', nullable: true },
        { name: 'website', kind: 'text', nullable: true, type: 'url' }, { name: 'about', kind: 'text', nullable: true }] },
    cancellation: { icon: 'event_busy', fields: [
        { name: 'windowHours', kind: 'int', min: 0, max: 168 },
        { name: 'feeKind', kind: 'select', options: () => opts('cancellation', 'feeKind', ['none', 'fixed', 'percent']) },
        { name: 'feeAmount', kind: 'money', nullable: true, when: (v) => v.feeKind === 'fixed' },
        { name: 'feePercent', kind: 'int', nullable: true, min: 1, max: 100, when: (v) => v.feeKind === 'percent' },
        { name: 'clientsMayCancelOnline', kind: 'check' },
        { name: 'packageVisitOnLateCancel', kind: 'select', options: () => opts('cancellation', 'packageVisit', ['forfeit', 'return']) },
        { name: 'packageVisitOnNoShow', kind: 'select', options: () => opts('cancellation', 'packageVisit', ['forfeit', 'return']) }] },
    deposit: { icon: 'savings', fields: [
        { name: 'policy', kind: 'select', options: () => opts('deposit', 'policy', ['none', 'new_clients', 'all', 'above_amount']) },
        { name: 'aboveAmount', kind: 'money', nullable: true, when: (v) => v.policy === 'above_amount' },
        { name: 'kind', kind: 'select', options: () => opts('deposit', 'kind', ['none', 'fixed', 'percent']), when: (v) => v.policy !== 'none' },
        { name: 'amount', kind: 'money', nullable: true, when: (v) => v.policy !== 'none' && v.kind === 'fixed' },
        { name: 'percent', kind: 'int', nullable: true, min: 1, max: 100, when: (v) => v.policy !== 'none' && v.kind === 'percent' },
        { name: 'expiresAfterMinutes', kind: 'int', min: 5, max: 1440, when: (v) => v.policy !== 'none' }] },
    notifications: { icon: 'notifications', fields: [
        { name: 'reminderOffsetsMinutes', kind: 'offsets' }, { name: 'channels', kind: 'channels' }, { name: 'quietHours', kind: 'quiet' }] },
    branding: { icon: 'palette', feature: 'storefront.branding', fields: [
        { name: 'primaryColor', kind: 'color' }, { name: 'accentColor', kind: 'color' },
        { name: 'logoUrl', kind: 'text', nullable: true, type: 'url' }, { name: 'bookingPageTitle', kind: 'text', nullable: true }] },
    locale: { icon: 'language', fields: [
        { name: 'language', kind: 'select', options: () => [['ru', t('web.locale.ru')], ['en', t('web.locale.en')]] },
        { name: 'timezone', kind: 'text', ownerOnly: true, list: 'settings-zones' },
        { name: 'currency', kind: 'select', ownerOnly: true, options: () => CURRENCIES.map((c) => [c, c]) },
        { name: 'country', kind: 'text', maxlength: 2 }] },
    autotags: { icon: 'sell', feature: 'clients.autotags', fields: [
        { name: 'newWithinDays', kind: 'int', min: 1 }, { name: 'regularMinVisits', kind: 'int', min: 1 },
        { name: 'vipMinVisits', kind: 'int', min: 1 }, { name: 'vipMinSpend', kind: 'money' },
        { name: 'atRiskAfterDays', kind: 'int', min: 1 }, { name: 'lostAfterDays', kind: 'int', min: 1 },
        { name: 'loyaltySilverVisits', kind: 'int', min: 1 }, { name: 'loyaltyGoldVisits', kind: 'int', min: 1 }, { name: 'loyaltyPlatinumVisits', kind: 'int', min: 1 }] },
    payments: { icon: 'payments', fields: [
        { name: 'webhookTimeoutMinutes', kind: 'int', min: 5, max: 1440 }, { name: 'returnUrl', kind: 'text', nullable: true, type: 'url' },
        { name: 'autoRefundDeposits', kind: 'check', feature: 'payments.auto_refund' }] },
};
const CHANNELS = ['telegram', 'sms', 'email'];

function input(section, f, value, locked) {
    const label = `web.settings.${section}.${f.name}`;
    const hint = `${label}_hint`;
    const disabled = locked || undefined;
    switch (f.kind) {
        case 'select': return selectField(f.name, label, f.options(), value, hint, { disabled });
        case 'check': return checkField(f.name, label, value, hint);
        case 'int': return field(f.name, label, { type: 'number', min: f.min, max: f.max, step: 1, value, disabled }, hint);
        case 'money': return field(f.name, label, { inputmode: 'decimal', value, disabled }, hint);
        case 'color': return field(f.name, label, { type: 'color', value: value || '#5B2A4A' }, hint);
        case 'offsets': return field(f.name, label, { value: (value || []).join(', '), inputmode: 'numeric' }, hint);
        case 'channels': return h('div.admin-field', null, h('label.admin-label', null, t(label)),
            h('div.admin-inline', null, h('input', { type: 'hidden', name: 'channels' }), CHANNELS.map((c) => h('label', null,
                h('input', { type: 'checkbox', class: 'filled-in', 'data-channel': c, checked: (value || []).includes(c) }), h('span', null, t(`web.settings.notifications.channel.${c}`))))),
            h('span.helper-text', null, t(hint)));
        case 'quiet': {
            const times = timeOptions(0, 23 * 60 + 45).map((x) => [x, x]);
            return h('div.admin-field', null, h('label.admin-label', null, t(label)),
                checkField('quietHours.on', 'web.settings.notifications.quietHours_on', !!value),
                h('div.admin-row2', { 'data-quiet': true },
                    selectField('quietHours.start', 'web.settings.notifications.quiet_start', times, value?.start || '21:00'),
                    selectField('quietHours.end', 'web.settings.notifications.quiet_end', times, value?.end || '09:00')),
                h('span.helper-text', null, t(hint)));
        }
        default: return field(f.name, label, { type: f.type || 'text', value, disabled, list: f.list, maxlength: f.maxlength }, hint);
    }
}

/** The form's values as the API wants them; `visible` limits them to the fields that apply. */
function read(form, section) {
    const values = {};
    for (const f of SECTIONS[section].fields) {
        const el = form.querySelector(`[name="${f.name}"]`);
        if (f.kind === 'channels') { values.channels = CHANNELS.filter((c) => form.querySelector(`[data-channel="${c}"]`).checked); continue; }
        if (f.kind === 'quiet') {
            values.quietHours = form.querySelector('[name="quietHours.on"]').checked
                ? { start: form.querySelector('[name="quietHours.start"]').value, end: form.querySelector('[name="quietHours.end"]').value } : null;
            continue;
        }
        if (!el) continue;
        if (f.kind === 'check') { values[f.name] = el.checked; continue; }
        const text = el.value.trim();
        if (f.kind === 'offsets') { values[f.name] = text ? text.split(/[\s,;]+/).filter(Boolean).map(Number) : []; continue; }
        if (text === '') { values[f.name] = f.nullable ? null : (f.kind === 'int' ? undefined : ''); continue; }
        values[f.name] = f.kind === 'int' ? Number(text) : text;
    }
    return values;
}

export default {
    title: 'web.settings.title',
    async mount(root, ctx) {
        const canEdit = session.can('settings.write');
        const owner = session.current().role === 'owner';
        let current = SECTIONS[ctx.query.section] ? ctx.query.section : 'business';
        const nav = h('div.settings-nav', { 'aria-label': t('web.settings.title') });
        const pane = h('section.settings-pane.card', { 'data-pane': true });
        fill(root, h('div.settings-screen', { 'data-screen': 'settings' }, nav, pane));
        let controller = null;

        function renderNav() {
            fill(nav, Object.entries(SECTIONS).map(([key, s]) => h(`button.settings-link${key === current ? '.active' : ''}`, {
                type: 'button', 'data-section': key, 'aria-current': key === current ? 'true' : null, onclick: () => open(key),
            }, icon(s.icon), h('span', null, t(`web.settings.section.${key}`)), s.feature && !session.has(s.feature) ? icon('lock', 'lock') : null)));
            // On a phone the sections are a strip: keep the chosen one in view.
            const active = nav.querySelector('.settings-link.active');
            if (active && nav.scrollWidth > nav.clientWidth) nav.scrollLeft = active.offsetLeft - (nav.clientWidth - active.offsetWidth) / 2;
        }

        async function open(section) {
            current = section;
            ctx.setQuery({ section: section === 'business' ? undefined : section });
            renderNav();
            const spec = SECTIONS[section];
            const head = [h('h2.settings-title', null, t(`web.settings.section.${section}`)), h('p.grey-text.settings-about', null, t(`web.settings.section.${section}_about`))];
            if (spec.feature && !session.has(spec.feature)) {
                fill(pane, head, upgradeCard(spec.feature),
                    session.can('billing.manage') ? h('p.center-align', null, h('a.btn', { href: '#/plan', 'data-action': 'to-plan' }, icon('workspace_premium', 'left'), t('web.menu.plan'))) : null);
                return;
            }
            fill(pane, head, skeleton(6));
            if (controller) controller.abort();
            controller = new AbortController();
            ctx.signal.addEventListener('abort', () => controller.abort());
            let values;
            try {
                values = await get(`/settings/${section}`, null, { signal: controller.signal });
            } catch (err) {
                if (err.name !== 'AbortError') { showError(err); fill(pane, head); }
                return;
            }
            const form = h('form.admin-form.settings-form', { novalidate: true, 'data-form': 'settings', 'data-section': section },
                spec.fields.map((f) => h('div.settings-field', { 'data-field': f.name },
                    input(section, f, values[f.name], !canEdit || (f.ownerOnly && !owner)),
                    f.ownerOnly && !owner ? h('small.grey-text', null, t('web.settings.owner_only')) : null,
                    f.feature && !session.has(f.feature) ? h('small.settings-locked', null, icon('lock', 'tiny'), t('web.settings.needs_plan', { plan: t(`web.plan.${session.requiredPlan(f.feature) || 'imperium'}`) })) : null)),
                section === 'locale' ? h('datalist#settings-zones', { id: 'settings-zones' }, (Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : []).map((z) => h('option', { value: z }))) : null,
                canEdit ? formActions(submitButton('web.settings.save', 'save')) : h('p.grey-text', null, t('web.settings.read_only')));
            // Fields that apply only to some choices (a fixed fee's amount…) follow the selects.
            const sync = () => {
                const v = read(form, section);
                for (const f of spec.fields) if (f.when) form.querySelector(`[data-field="${f.name}"]`).hidden = !f.when(v);
                const quiet = form.querySelector('[data-quiet]');
                if (quiet) quiet.hidden = !form.querySelector('[name="quietHours.on"]').checked;
            };
            form.addEventListener('change', sync);
            sync();
            if (section === 'autotags') {
                const spend = form.querySelector('[name=vipMinSpend]');
                const preview = h('small.grey-text.money-preview', null);
                const show = () => { preview.textContent = /^\d+(\.\d{1,2})?$/.test(spend.value.trim()) ? money(spend.value.trim()) : ''; };
                spend.addEventListener('input', show);
                spend.closest('.input-field').append(preview);
                show();
            }
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                clearFieldErrors(form);
                const body = read(form, section);
                for (const f of spec.fields) {
                    if ((f.when && !f.when(body)) || body[f.name] === undefined) delete body[f.name];
                    if (f.ownerOnly && !owner) delete body[f.name];
                }
                busy(form, async () => {
                    try {
                        await put(`/settings/${section}`, body);
                        toast(t('web.settings.saved', { section: t(`web.settings.section.${section}`) }), 'success');
                    } catch (err) { showError(err, form); }
                });
            });
            // Saved rules apply to new visits; "apply now" recomputes every active client's tags at once.
            const recompute = section === 'autotags' && canEdit && session.can('clients.write')
                ? h('div.settings-recompute', null, h('p.grey-text', null, t('web.settings.autotags_recompute_hint')),
                    h('button.btn-flat', { type: 'button', 'data-action': 'recompute-autotags', onclick: async (event) => {
                        event.target.disabled = true;
                        try {
                            const result = await post('/clients/autotags/recompute', {});
                            toast(t('web.settings.autotags_recomputed', { clients: result.clients, changed: result.changed }), 'success');
                        } catch (err) { showError(err); } finally { event.target.disabled = false; }
                    } }, icon('autorenew', 'left'), t('web.settings.autotags_recompute')))
                : null;
            fill(pane, head, form, recompute);
        }

        renderNav();
        await open(current);
        return { unmount: () => controller && controller.abort() };
    },
};
