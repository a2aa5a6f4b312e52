// Plan and billing: the studio's plan (GET /plan), what each plan includes (features grouped by
// the plan that opens them) and, for the owner (billing.manage), the change with one confirm that
// names what opens or closes. The change is effective from the next request, so the app reloads
// its session and menu afterwards.

import { get, post } from '../api.js';
import { t, has } from '../i18n.js';
import { h, icon, skeleton, showError, fill, toast, confirmDialog } from '../ui.js';
import * as session from '../session.js';

const PLANS = ['ivory', 'veloria', 'imperium'];
const featureName = (key) => (has(`web.plans.feature.${key}`) ? t(`web.plans.feature.${key}`) : key);

export default {
    title: 'web.plans.title',
    async mount(root, ctx) {
        fill(root, skeleton(8));
        const plan = await get('/plan', null, { signal: ctx.signal });
        const mayChange = session.can('billing.manage');
        const rank = (p) => PLANS.indexOf(p);
        const current = plan.plan;
        if (ctx.query.changed) { toast(t('web.plans.changed', { plan: t(`web.plan.${current}`) }), 'success'); ctx.setQuery({}); }

        async function change(target) {
            const up = rank(target) > rank(current);
            const moving = plan.features.filter((f) => (up ? rank(f.requiredPlan) > rank(current) && rank(f.requiredPlan) <= rank(target)
                : rank(f.requiredPlan) > rank(target) && rank(f.requiredPlan) <= rank(current)));
            const text = t(up ? 'web.plans.confirm_up' : 'web.plans.confirm_down', { plan: t(`web.plan.${target}`), n: moving.length });
            if (!(await confirmDialog(text, { ok: t('web.plans.change_to', { plan: t(`web.plan.${target}`) }), danger: !up }))) return;
            try {
                await post('/billing/plan', { plan: target }, { idempotent: true });
                // The menu's locks and the screens follow /auth/me: load the app afresh on this screen.
                location.hash = '#/plan?changed=1';
                location.reload();
            } catch (err) { showError(err); }
        }

        const columns = PLANS.map((p) => {
            const opens = plan.features.filter((f) => f.requiredPlan === p);
            const isCurrent = p === current;
            return h(`div.plan-card.card${isCurrent ? '.current' : ''}`, { 'data-plan': p },
                h('div.plan-head', null,
                    h('h2', null, t(`web.plan.${p}`)),
                    isCurrent ? h('span.chip-small.plan-current', { 'data-current-plan': true }, t('web.plans.current')) : null),
                h('p.grey-text.plan-about', null, t(`web.plans.about.${p}`)),
                h('p.plan-includes', null, p === 'ivory' ? t('web.plans.base') : t('web.plans.everything_in', { plan: t(`web.plan.${PLANS[rank(p) - 1]}`) })),
                h('ul.plan-features', null, opens.map((f) => h('li', { 'data-feature': f.key }, icon(rank(p) <= rank(current) ? 'check_circle' : 'lock', 'tiny'), h('span', null, featureName(f.key))))),
                isCurrent ? null : mayChange
                    ? h(`button.btn${rank(p) < rank(current) ? '-flat' : ''}`, { type: 'button', 'data-action': 'change-plan', 'data-target-plan': p, onclick: () => change(p) },
                        t(rank(p) > rank(current) ? 'web.plans.upgrade_to' : 'web.plans.downgrade_to', { plan: t(`web.plan.${p}`) }))
                    : null);
        });
        fill(root, h('div.plans-screen', { 'data-screen': 'plan', 'data-plan': current },
            h('div.card.plan-summary', null,
                icon('workspace_premium'),
                h('div', null,
                    h('strong', null, t('web.plans.yours', { plan: t(`web.plan.${current}`) })),
                    h('p.grey-text', null, t('web.plans.enabled_n', { n: plan.features.filter((f) => f.enabled).length, total: plan.features.length })),
                    mayChange ? h('p.grey-text', null, t('web.plans.change_hint')) : h('p.grey-text', null, t('web.upgrade.ask_owner')))),
            h('div.plans-grid', null, columns)));
    },
};
