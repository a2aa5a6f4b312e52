// Sign in with email and password; when the account has two-factor auth the API answers
// 401 totp_required and the same form asks for the 6-digit code (the password is kept).

import { post } from '../api.js';
import { t } from '../i18n.js';
import { h, showError, clearFieldErrors, formValues, busy, fill } from '../ui.js';
import { field, heading, links } from './auth-form.js';

export default {
    title: 'web.auth.sign_in',
    mount(root, ctx) {
        const codeField = field('totpCode', 'web.auth.totp_code', { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 8 });
        codeField.hidden = true;
        const codeHint = h('p.sub.totp-hint', { hidden: true }, t('web.auth.totp_hint'));
        const form = h('form', { novalidate: true, 'data-form': 'sign-in' },
            heading('web.auth.sign_in', 'web.auth.sign_in_sub'),
            field('email', 'web.auth.email', { type: 'email', autocomplete: 'username', required: true }),
            field('password', 'web.auth.password', { type: 'password', autocomplete: 'current-password', required: true }),
            codeHint, codeField,
            h('button.btn.waves-effect', { type: 'submit', 'data-action': 'sign-in' }, t('web.auth.sign_in')),
            links(['/forgot-password', 'web.auth.forgot'], ['/sign-up', 'web.auth.create_studio']));
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            clearFieldErrors(form);
            const values = formValues(form);
            busy(form, async () => {
                try {
                    const answer = await post('/auth/login', { email: values.email || '', password: values.password || '', totpCode: values.totpCode });
                    await ctx.signedIn(answer);
                    const next = ctx.query.next && ctx.query.next.startsWith('/') ? ctx.query.next : '/';
                    location.hash = `#${next}`;
                } catch (err) {
                    if (err.code === 'totp_required') {
                        codeField.hidden = false;
                        codeHint.hidden = false;
                        codeField.querySelector('input').focus();
                        return;
                    }
                    showError(err, form);
                }
            });
        });
        fill(root, form);
        form.querySelector('input[name=email]').focus();
    },
};
