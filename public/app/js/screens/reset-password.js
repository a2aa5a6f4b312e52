// Sets a new password from the emailed link: /#/reset-password?token=… (the landing page forwards
// that hash here). A used or expired token answers reset_token_invalid: offer a new link.

import { post } from '../api.js';
import { t } from '../i18n.js';
import { h, toast, showError, clearFieldErrors, formValues, busy, fill } from '../ui.js';
import { field, heading, links } from './auth-form.js';

export default {
    title: 'web.auth.reset_title',
    mount(root, ctx) {
        const token = ctx.query.token || '';
        const form = h('form', { novalidate: true, 'data-form': 'reset-password' },
            heading('web.auth.reset_title', 'web.auth.reset_sub'),
            field('password', 'web.auth.password_new', { type: 'password', required: true, autocomplete: 'new-password' }),
            h('button.btn.waves-effect', { type: 'submit' }, t('web.auth.reset_save')),
            links(['/forgot-password', 'web.auth.new_link'], ['/sign-in', 'web.auth.back_to_sign_in']));
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            clearFieldErrors(form);
            busy(form, async () => {
                try {
                    await post('/auth/password/reset', { token, password: formValues(form).password || '' });
                    toast(t('web.auth.reset_done'), 'success');
                    ctx.navigate('/sign-in');
                } catch (err) {
                    showError(err, form);
                }
            });
        });
        fill(root, form);
        form.querySelector('input').focus();
    },
};
