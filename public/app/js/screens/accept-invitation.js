// Accepts an invitation from the emailed link (/#/accept-invitation?token=…): the new member sets
// a password and is signed in (POST /auth/invitations/accept answers like a sign-in).

import { post } from '../api.js';
import { t } from '../i18n.js';
import { h, showError, clearFieldErrors, formValues, busy, fill } from '../ui.js';
import { field, heading, links } from './auth-form.js';

export default {
    title: 'web.auth.invitation_title',
    mount(root, ctx) {
        const form = h('form', { novalidate: true, 'data-form': 'accept-invitation' },
            heading('web.auth.invitation_title', 'web.auth.invitation_sub'),
            field('password', 'web.auth.password_new', { type: 'password', required: true, autocomplete: 'new-password' }),
            h('button.btn.waves-effect', { type: 'submit' }, t('web.auth.invitation_accept')),
            links(['/sign-in', 'web.auth.back_to_sign_in']));
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            clearFieldErrors(form);
            busy(form, async () => {
                try {
                    const answer = await post('/auth/invitations/accept', { token: ctx.query.token || '', password: formValues(form).password || '' });
                    await ctx.signedIn(answer);
                    location.hash = '#/';
                } catch (err) {
                    showError(err, form);
                }
            });
        });
        fill(root, form);
        form.querySelector('input').focus();
    },
};
