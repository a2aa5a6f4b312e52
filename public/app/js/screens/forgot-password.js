// Asks for a password reset link. The API always answers 202 (it never tells whether an address
// has an account), so the screen always says the same thing.

import { post } from '../api.js';
import { t } from '../i18n.js';
import { h, showError, clearFieldErrors, formValues, busy, fill } from '../ui.js';
import { field, heading, links } from './auth-form.js';

export default {
    title: 'web.auth.forgot',
    mount(root) {
        const done = h('p.sub.reset-sent', { hidden: true }, t('web.auth.reset_sent'));
        const form = h('form', { novalidate: true, 'data-form': 'forgot-password' },
            heading('web.auth.forgot', 'web.auth.forgot_sub'),
            field('email', 'web.auth.email', { type: 'email', required: true, autocomplete: 'email' }),
            done,
            h('button.btn.waves-effect', { type: 'submit' }, t('web.auth.send_link')),
            links(['/sign-in', 'web.auth.back_to_sign_in']));
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            clearFieldErrors(form);
            busy(form, async () => {
                try {
                    await post('/auth/password/reset-request', { email: formValues(form).email || '' });
                    done.hidden = false;
                } catch (err) {
                    showError(err, form);
                }
            });
        });
        fill(root, form);
        form.querySelector('input').focus();
    },
};
