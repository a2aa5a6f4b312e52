// Online booking (the storefront's settings): the public booking link to share, the robot check
// (Yandex SmartCaptcha keys; the server key is write-only), the limits per phone, the colours and
// logo of the booking page with a live preview (`storefront.branding`) and the studio's own host
// name (`storefront.whitelabel`). Reads GET /storefront/settings and /settings/branding; each
// part saves on its own. A part the plan does not open shows what it gives and the plan it needs.

import { get, put } from '../api.js';
import { t } from '../i18n.js';
import { h, icon, fill, skeleton, toast, showError, busy, clearFieldErrors } from '../ui.js';
import * as session from '../session.js';
import { field, checkField, formActions, submitButton } from '../admin/kit.js';

const COLOR = /^#[0-9a-fA-F]{6}$/;


/** Where clients book in Telegram: the bot's link, and the Mini App (the bot's menu button opens it). */
function telegramLinks(settings) {
    return h('div.storefront-telegram', { 'data-telegram-links': true },
        h('h3.section-title', null, t('web.storefront.telegram.title')),
        settings.telegramBotUrl
            ? h('p', null, t('web.storefront.telegram.bot'), ' ', h('a', { href: settings.telegramBotUrl, target: '_blank', rel: 'noopener', 'data-bot-url': true }, settings.telegramBotUrl))
            : h('p.grey-text', null, t('web.storefront.telegram.no_bot')),
        h('p', null, t('web.storefront.telegram.mini_app'), ' ', h('code', { 'data-mini-app-url': true }, settings.miniAppUrl)),
        h('p.helper-text.grey-text', null, t('web.storefront.telegram.mini_app_hint')));
}

function section(key, iconName, ...content) {
    return h('section.card.storefront-part', { 'data-part': key },
        h('div.card-content', null,
            h('h2.storefront-part-title', null, icon(iconName), h('span', null, t(`web.storefront.${key}.title`))),
            h('p.grey-text', null, t(`web.storefront.${key}.about`)),
            content));
}

function upgradeHint(feature) {
    const plan = session.requiredPlan(feature);
    return h('div.storefront-upgrade', { 'data-upgrade': feature },
        icon('lock'), h('span', null, t('web.storefront.upgrade', { plan: plan ? t(`web.plan.${plan}`) : '' })),
        session.can('billing.manage') ? h('a.btn-flat.btn-small', { href: '#/plan', 'data-action': 'to-plan' }, t('web.storefront.upgrade_link')) : null);
}

async function copy(text, input) {
    try {
        await navigator.clipboard.writeText(text);
    } catch {
        input.select();
        document.execCommand('copy');
    }
    toast(t('web.storefront.link.copied'), 'success');
}

function save(form, send) {
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        busy(form, async () => {
            try {
                clearFieldErrors(form);
                await send();
                toast(t('web.storefront.saved'), 'success');
            } catch (err) { showError(err, form); }
        });
    });
}

export default {
    title: 'web.storefront.title',
    async mount(root, ctx) {
        fill(root, h('div.storefront-settings', { 'data-screen': 'storefront-settings' }, skeleton(8)));
        const hasBranding = session.has('storefront.branding');
        const hasHost = session.has('storefront.whitelabel');
        let settings;
        let branding;
        try {
            [settings, branding] = await Promise.all([
                get('/storefront/settings', null, { signal: ctx.signal }),
                get('/settings/branding', null, { signal: ctx.signal }),
            ]);
        } catch (err) {
            if (err.name !== 'AbortError') showError(err);
            return {};
        }

        // --- the link ---
        const linkInput = h('input.storefront-link-input', { type: 'text', readonly: true, value: settings.bookingUrl, 'data-booking-url': true, 'aria-label': t('web.storefront.link.title') });
        const link = section('link', 'link',
            h('div.storefront-link', null, linkInput,
                h('button.btn', { type: 'button', 'data-action': 'copy-link', onclick: () => copy(settings.bookingUrl, linkInput) }, icon('content_copy', 'left'), t('web.storefront.link.copy')),
                h('a.btn-flat', { href: settings.bookingUrl, target: '_blank', rel: 'noopener' }, icon('open_in_new', 'left'), t('web.storefront.link.open'))),
            settings.miniAppUrl ? telegramLinks(settings) : null);

        // --- the robot check ---
        const captchaForm = h('form.admin-form', { novalidate: true, 'data-form': 'captcha' },
            checkField('captchaEnabled', 'web.storefront.captcha.captchaEnabled', settings.captchaEnabled, 'web.storefront.captcha.captchaEnabled_hint'),
            field('captchaSiteKey', 'web.storefront.captcha.captchaSiteKey', { value: settings.captchaSiteKey, autocomplete: 'off', maxlength: 200 }, 'web.storefront.captcha.captchaSiteKey_hint'),
            field('captchaServerKey', 'web.storefront.captcha.captchaServerKey', {
                type: 'password', autocomplete: 'new-password', maxlength: 200,
                placeholder: settings.captchaServerKeySet ? t('web.storefront.captcha.key_stored') : '',
            }, 'web.storefront.captcha.captchaServerKey_hint'),
            formActions(submitButton('web.common.save', 'save-captcha')));
        save(captchaForm, async () => {
            const body = {
                captchaEnabled: captchaForm.elements.captchaEnabled.checked,
                captchaSiteKey: captchaForm.elements.captchaSiteKey.value.trim() || null,
            };
            const serverKey = captchaForm.elements.captchaServerKey.value.trim();
            if (serverKey) body.captchaServerKey = serverKey;
            settings = await put('/storefront/settings', body);
            captchaForm.elements.captchaServerKey.value = '';
            captchaForm.elements.captchaServerKey.placeholder = settings.captchaServerKeySet ? t('web.storefront.captcha.key_stored') : '';
        });
        const captcha = section('captcha', 'verified_user', captchaForm);

        // --- the limits ---
        const limitsForm = h('form.admin-form', { novalidate: true, 'data-form': 'limits' },
            h('div', null,
                field('phoneDailyLimit', 'web.storefront.limits.phoneDailyLimit', { type: 'number', min: 1, max: 50, step: 1, value: settings.phoneDailyLimit }, 'web.storefront.limits.phoneDailyLimit_hint'),
                field('phoneUpcomingLimit', 'web.storefront.limits.phoneUpcomingLimit', { type: 'number', min: 1, max: 50, step: 1, value: settings.phoneUpcomingLimit }, 'web.storefront.limits.phoneUpcomingLimit_hint')),
            h('p.grey-text.storefront-note', null, icon('info', 'tiny'), ' ',
                settings.bookingsPerIpPerHour > 0 ? t('web.storefront.limits.per_ip', { n: settings.bookingsPerIpPerHour }) : t('web.storefront.limits.per_ip_off')),
            formActions(submitButton('web.common.save', 'save-limits')));
        save(limitsForm, async () => {
            const number = (name) => { const v = limitsForm.elements[name].value.trim(); return v === '' ? null : Number(v); };
            settings = await put('/storefront/settings', { phoneDailyLimit: number('phoneDailyLimit'), phoneUpcomingLimit: number('phoneUpcomingLimit') });
        });
        const limits = section('limits', 'shield', limitsForm);

        // --- colours and logo, with a preview ---
        let brandingPart;
        if (!hasBranding) {
            brandingPart = section('branding', 'palette', upgradeHint('storefront.branding'));
        } else {
            const logo = h('img.storefront-preview-logo', { alt: '', hidden: true });
            const previewTitle = h('strong.storefront-preview-name', null, (session.current().tenant && session.current().tenant.name) || '');
            const previewButton = h('span.storefront-preview-button', null, t('web.storefront.branding.preview_button'));
            const previewChip = h('span.storefront-preview-chip', null, '10:00');
            const preview = h('div.storefront-preview', { 'data-preview': true, 'aria-label': t('web.storefront.branding.preview') },
                h('div.storefront-preview-head', null, logo, previewTitle), h('div.storefront-preview-body', null, previewChip, previewButton));
            const brandingForm = h('form.admin-form', { novalidate: true, 'data-form': 'branding' },
                h('div.storefront-colors', null,
                    field('primaryColor', 'web.storefront.branding.primaryColor', { type: 'color', value: branding.primaryColor || '#6D4C7D' }),
                    field('accentColor', 'web.storefront.branding.accentColor', { type: 'color', value: branding.accentColor || '#C9A66B' })),
                field('logoUrl', 'web.storefront.branding.logoUrl', { type: 'url', value: branding.logoUrl, maxlength: 500, placeholder: 'https://' }, 'web.storefront.branding.logoUrl_hint'),
                h('p.storefront-preview-label', null, t('web.storefront.branding.preview')), preview,
                formActions(submitButton('web.common.save', 'save-branding')));
            const paint = () => {
                const primary = brandingForm.elements.primaryColor.value;
                const accent = brandingForm.elements.accentColor.value;
                if (COLOR.test(primary)) { preview.style.setProperty('--sf-primary', primary); }
                if (COLOR.test(accent)) { preview.style.setProperty('--sf-accent', accent); }
                const url = brandingForm.elements.logoUrl.value.trim();
                if (/^https:\/\/\S+$/i.test(url)) { logo.src = url; logo.hidden = false; } else { logo.removeAttribute('src'); logo.hidden = true; }
            };
            logo.addEventListener('error', () => { logo.hidden = true; });
            brandingForm.addEventListener('input', paint);
            paint();
            save(brandingForm, async () => {
                branding = await put('/settings/branding', {
                    primaryColor: brandingForm.elements.primaryColor.value.toUpperCase(),
                    accentColor: brandingForm.elements.accentColor.value.toUpperCase(),
                    logoUrl: brandingForm.elements.logoUrl.value.trim() || null,
                });
            });
            brandingPart = section('branding', 'palette', brandingForm);
        }

        // --- the studio's own host name ---
        let hostPart;
        if (!hasHost) {
            hostPart = section('host', 'language',
                settings.customHost ? h('p', { 'data-kept-host': true }, h('code', null, settings.customHost), ' — ', t('web.storefront.host.inactive')) : null,
                upgradeHint('storefront.whitelabel'));
        } else {
            const hostForm = h('form.admin-form', { novalidate: true, 'data-form': 'host' },
                field('customHost', 'web.storefront.host.customHost', { value: settings.customHost, autocomplete: 'off', maxlength: 253, placeholder: 'book.example.com', spellcheck: 'false' }, 'web.storefront.host.customHost_hint'),
                formActions(submitButton('web.common.save', 'save-host')));
            save(hostForm, async () => {
                settings = await put('/storefront/settings', { customHost: hostForm.elements.customHost.value.trim() || null });
                hostForm.elements.customHost.value = settings.customHost || '';
            });
            hostPart = section('host', 'language', hostForm);
        }

        fill(root, h('div.storefront-settings', { 'data-screen': 'storefront-settings' },
            h('p.grey-text.storefront-intro', null, t('web.storefront.intro')),
            h('div.storefront-grid', null, link, brandingPart, captcha, limits, hostPart)));
        return {};
    },
};
