// Small builders shared by the signed-out screens (sign-in, sign-up, password reset): a titled
// form with Materialize text fields whose labels and errors come from the catalog.

import { t } from '../i18n.js';
import { h } from '../ui.js';

/** field('email', 'web.auth.email', { type: 'email', autocomplete: 'email', required: true }) */
export function field(name, labelKey, attrs = {}, hintKey = null) {
    const id = `f-${name}`;
    return h('div.input-field', null,
        h('input', { id, name, type: 'text', ...attrs }),
        h('label', { for: id, class: attrs.value ? 'active' : null }, t(labelKey)),
        hintKey ? h('span.helper-text', null, t(hintKey)) : null);
}

export function heading(titleKey, subKey) {
    return [h('h1', null, t(titleKey)), subKey ? h('p.sub', null, t(subKey)) : null];
}

export function links(...items) {
    return h('div.auth-links', null, items.map(([path, key]) => h('a', { href: `#${path}` }, t(key))));
}
