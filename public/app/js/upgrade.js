// The card shown instead of a screen the plan does not open (UI.md: plan-gated features stay
// visible with a lock and an upgrade card). The API refuses the same with 403 feature_not_allowed.

import { t, has } from './i18n.js';
import * as session from './session.js';
import { h, icon } from './ui.js';

export function upgradeCard(feature) {
    const plan = session.requiredPlan(feature);
    const planName = plan ? t(`web.plan.${plan}`) : '';
    const what = has(`web.feature.${feature}`) ? t(`web.feature.${feature}`) : feature;
    const owner = session.can('billing.manage');
    return h('div.upgrade-card.card', { 'data-screen': 'upgrade', 'data-feature': feature },
        h('div.card-content', null,
            icon('lock', 'upgrade-icon'),
            h('h2', null, t('web.upgrade.title')),
            h('p.upgrade-what', null, what),
            h('p', null, t('web.upgrade.text', { plan: planName, current: t(`web.plan.${session.current().plan}`) })),
            h('p.grey-text', null, owner ? t('web.upgrade.owner_hint') : t('web.upgrade.ask_owner'))));
}
