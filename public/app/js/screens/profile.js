// The signed-in person's own account ("Profile and security", from the profile menu): the email
// confirmation, the password, two-factor sign-in (enrol with the QR code of the otpauth URI or its
// secret typed by hand, prove a code, turn off with a code) and personal API tokens (a name and an
// optional expiry; the secret is shown once, revoke asks once). Every user has this screen; the API
// answers only for the caller.

import { get, post, del } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { current, has } from '../session.js';
import { h, icon, fill, toast, showError, confirmDialog, busy, clearFieldErrors, formValues, skeleton } from '../ui.js';
import { field, formActions, submitButton } from '../admin/kit.js';
import { instantOf, addDays } from '../tz.js';

let qrLoaded = null;
/** Debian's qrcode-generator (public/vendor/qrcode) as a classic script: it defines `qrcode`. */
function loadQr() {
    if (!qrLoaded) {
        qrLoaded = new Promise((resolve, reject) => {
            const script = document.createElement('script');
            script.src = '/vendor/qrcode/qrcode.js';
            script.onload = () => resolve(window.qrcode);
            script.onerror = () => { qrLoaded = null; reject(new Error('qrcode')); };
            document.head.append(script);
        });
    }
    return qrLoaded;
}

function card(name, titleKey, iconName, ...children) {
    return h('section.card.admin-card.profile-card', { 'data-profile': name }, h('h3.section-title', null, icon(iconName, 'tiny'), ' ', t(titleKey)), ...children);
}

function emailCard() {
    const me = current();
    const box = card('email', 'web.profile.email_title', 'mark_email_read', h('p', null, me.user.email));
    if (me.emailVerified) {
        box.append(h('p.green-text', { 'data-email-verified': 'true' }, icon('verified', 'tiny'), ' ', t('web.profile.email_verified')));
    } else {
        const send = h('button.btn-flat', { type: 'button', 'data-action': 'send-verification', onclick: async () => {
            send.disabled = true;
            try { await post('/auth/email/verification', {}); toast(t('web.profile.verification_sent', { email: me.user.email }), 'success'); } catch (err) { showError(err); send.disabled = false; }
        } }, icon('send', 'left'), t('web.profile.send_verification'));
        box.append(h('p.orange-text', { 'data-email-verified': 'false' }, t('web.profile.email_unverified')), send);
    }
    return box;
}

function passwordCard() {
    const form = h('form.admin-form', { novalidate: true, 'data-form': 'password' },
        field('currentPassword', 'web.profile.current_password', { type: 'password', autocomplete: 'current-password' }),
        field('newPassword', 'web.profile.new_password', { type: 'password', autocomplete: 'new-password' }, 'web.profile.password_hint'),
        formActions(submitButton('web.profile.change_password', 'change-password')));
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        clearFieldErrors(form);
        const values = formValues(form);
        busy(form, async () => {
            try {
                await post('/auth/password/change', { currentPassword: values.currentPassword || '', newPassword: values.newPassword || '' });
                form.reset();
                toast(t('web.profile.password_changed'), 'success');
            } catch (err) { showError(err, form); }
        });
    });
    return card('password', 'web.profile.password_title', 'password', form);
}

function twoFactorCard(signal) {
    const body = h('div', null, skeleton(2));
    const box = card('2fa', 'web.profile.twofa_title', 'phonelink_lock', body);
    if (!has('security.2fa')) {
        // The plan decides (SPEC §2); the API refuses it anyway.
        fill(body, h('p.grey-text', { 'data-twofa': 'locked' }, icon('lock', 'tiny'), ' ', t('web.profile.twofa_plan')),
            h('a.btn-flat', { href: '#/plan' }, icon('workspace_premium', 'left'), t('web.profile.see_plans')));
        return box;
    }
    const codeForm = (action, labelKey, onCode) => {
        const form = h('form.admin-form.code-form', { novalidate: true, 'data-form': action },
            field('code', 'web.profile.code', { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 8 }),
            formActions(submitButton(labelKey, action)));
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            clearFieldErrors(form);
            busy(form, async () => { try { await onCode((formValues(form).code || '').replace(/\s/g, '')); } catch (err) { showError(err, form); } });
        });
        return form;
    };
    function render(state) {
        if (state.enabled) {
            fill(body,
                h('p', { 'data-twofa': 'on' }, icon('verified_user', 'tiny'), ' ', t('web.profile.twofa_on', { since: formatInstant(state.enabledAt, 'date') })),
                h('p.grey-text', null, t('web.profile.twofa_off_hint')),
                codeForm('disable-2fa', 'web.profile.twofa_disable', async (code) => {
                    render(await post('/auth/2fa/disable', { code }));
                    toast(t('web.profile.twofa_disabled'), 'success');
                }));
            return;
        }
        const start = h('button.btn', { type: 'button', 'data-action': 'enroll-2fa', onclick: () => enroll() }, icon('qr_code_2', 'left'), t('web.profile.twofa_enroll'));
        fill(body, h('p', { 'data-twofa': 'off' }, t('web.profile.twofa_off')), h('p.grey-text', null, t('web.profile.twofa_why')), start);
    }
    async function enroll() {
        try {
            const seed = await post('/auth/2fa/enroll', {});
            const qr = h('div.qr', { 'data-qr': true });
            loadQr().then((qrcode) => {
                const code = qrcode(0, 'M');
                code.addData(seed.otpauthUri);
                code.make();
                qr.innerHTML = code.createSvgTag({ cellSize: 4, margin: 2, scalable: true });
            }).catch(() => { qr.textContent = ''; });
            fill(body,
                h('p', null, t('web.profile.twofa_scan')), qr,
                h('p.grey-text', null, t('web.profile.twofa_secret')),
                h('code.secret', { 'data-secret': seed.secret }, seed.secret.replace(/(.{4})/g, '$1 ').trim()),
                codeForm('verify-2fa', 'web.profile.twofa_verify', async (code) => {
                    render(await post('/auth/2fa/verify', { code }));
                    toast(t('web.profile.twofa_enabled'), 'success');
                }));
            body.querySelector('[name=code]').focus();
        } catch (err) { showError(err); }
    }
    get('/auth/2fa', null, { signal }).then(render).catch((err) => { if (err.name !== 'AbortError') showError(err); });
    return box;
}

function tokensCard(signal) {
    const list = h('div.token-list', null, skeleton(2));
    const created = h('div.token-created');
    const form = h('form.admin-form.token-form', { novalidate: true, 'data-form': 'new-token' },
        field('name', 'web.profile.token_name', { maxlength: 80 }, 'web.profile.token_name_hint'),
        field('expiresAt', 'web.profile.token_expires', { type: 'date' }, 'web.profile.token_expires_hint'),
        formActions(submitButton('web.profile.token_create', 'create-token')));
    async function reload() {
        try {
            const page = await get('/auth/tokens', null, { signal });
            if (page.items.length === 0) return fill(list, h('p.grey-text', { 'data-empty': true }, t('web.profile.no_tokens')));
            fill(list, page.items.map((token) => h('div.token-row', { 'data-token': token.id, 'data-revoked': String(token.revoked) },
                h('span.token-main', null, h('strong', null, token.name),
                    h('small.grey-text', null, ' · ', t('web.profile.token_created', { at: formatInstant(token.createdAt, 'date') }),
                        token.lastUsedAt ? ` · ${t('web.profile.token_used', { at: formatInstant(token.lastUsedAt, 'date') })}` : '',
                        // expiresAt is the midnight after the last day: the day shown is the one before it
                        token.expiresAt ? ` · ${t('web.profile.token_until', { at: formatInstant(new Date(Date.parse(token.expiresAt) - 1000), 'date') })}` : '')),
                token.revoked ? h('span.chip-small.admin-off', null, t('web.profile.token_revoked_chip'))
                    : h('button.btn-flat', { type: 'button', 'data-action': 'revoke-token', onclick: () => revoke(token) }, icon('delete', 'left'), t('web.profile.token_revoke')))));
        } catch (err) { if (err.name !== 'AbortError') showError(err); }
    }
    async function revoke(token) {
        if (!(await confirmDialog(t('web.profile.token_revoke_confirm', { name: token.name }), { ok: t('web.profile.token_revoke'), danger: true }))) return;
        try { await del(`/auth/tokens/${token.id}`); toast(t('web.profile.token_revoked'), 'success'); reload(); } catch (err) { showError(err); }
    }
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        clearFieldErrors(form);
        const values = formValues(form);
        const body = { name: values.name || '' };
        // The last usable day in the studio's calendar: the token works through it (until the next local midnight).
        if (values.expiresAt) body.expiresAt = instantOf(addDays(values.expiresAt, 1), 0);
        busy(form, async () => {
            try {
                const answer = await post('/auth/tokens', body);
                form.reset();
                const secret = h('code.secret', { 'data-token-secret': true }, answer.secret);
                fill(created, h('div.token-secret-box', null,
                    h('p', null, icon('key', 'tiny'), ' ', t('web.profile.token_shown_once', { name: answer.token.name })), secret,
                    h('button.btn-flat', { type: 'button', 'data-action': 'copy-token', onclick: () => navigator.clipboard?.writeText(answer.secret).then(() => toast(t('web.common.copied'), 'success')) }, icon('content_copy', 'left'), t('web.common.copy'))));
                reload();
            } catch (err) { showError(err, form); }
        });
    });
    reload();
    return card('tokens', 'web.profile.tokens_title', 'key', h('p.grey-text', null, t('web.profile.tokens_why')), created, list, form);
}

export default {
    title: 'web.profile.title',
    mount(root, ctx) {
        fill(root, h('div.profile-screen', { 'data-screen': 'profile' },
            emailCard(), passwordCard(), twoFactorCard(ctx.signal), tokensCard(ctx.signal)));
    },
};
