// Confirms the email address from the link mailed at sign-up: /#/verify-email?token=… . Works
// signed in or out (the token alone proves the address).

import { post } from '../api.js';
import { t } from '../i18n.js';
import { h, fill } from '../ui.js';

export default {
    title: 'web.auth.verify_title',
    async mount(root, ctx) {
        const text = h('p.sub', null, t('web.common.loading'));
        fill(root, h('div', { 'data-screen': 'verify-email' }, h('h1', null, t('web.auth.verify_title')), text,
            h('a.btn', { href: '#/' }, t('web.auth.continue'))));
        try {
            await post('/auth/email/verify', { token: ctx.query.token || '' });
            text.textContent = t('web.auth.verify_done');
        } catch (err) {
            text.textContent = err.message;
        }
    },
};
