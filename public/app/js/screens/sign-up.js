// Sign up: creates the studio (plan Ivory) and its owner in one POST /auth/register, then signs
// the owner in. The public address (slug) is suggested from the studio's name and can be edited;
// the time zone defaults to this browser's, because the owner usually signs up where the studio is.

import { post } from '../api.js';
import { t, currentLocale } from '../i18n.js';
import { h, showError, clearFieldErrors, formValues, busy, fill } from '../ui.js';
import { field, heading, links } from './auth-form.js';

const CURRENCIES = ['RUB', 'KZT', 'BYN', 'UAH', 'USD', 'EUR', 'GBP'];
const CYRILLIC = { а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n',
    о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya' };

export function slugify(name) {
    return name.toLowerCase().split('').map((c) => (c in CYRILLIC ? CYRILLIC[c] : c)).join('')
        .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
}

function select(name, labelKey, options, value) {
    return h('div.input-field.select-field', null,
        h('label.active', { for: `f-${name}` }, t(labelKey)),
        h('select.browser-default', { id: `f-${name}`, name }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
}

export default {
    title: 'web.auth.sign_up',
    mount(root, ctx) {
        const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Moscow';
        const form = h('form', { novalidate: true, 'data-form': 'sign-up' },
            heading('web.auth.sign_up', 'web.auth.sign_up_sub'),
            field('name', 'web.auth.studio_name', { required: true, autocomplete: 'organization' }),
            field('slug', 'web.auth.slug', { required: true, pattern: '[a-z0-9-]+' }, 'web.auth.slug_hint'),
            field('ownerName', 'web.auth.owner_name', { required: true, autocomplete: 'name' }),
            field('ownerEmail', 'web.auth.email', { type: 'email', required: true, autocomplete: 'email' }),
            field('ownerPassword', 'web.auth.password_new', { type: 'password', required: true, autocomplete: 'new-password' }),
            field('timezone', 'web.auth.timezone', { value: zone }),
            select('currency', 'web.auth.currency', CURRENCIES.map((c) => [c, c]), currentLocale() === 'ru' ? 'RUB' : 'EUR'),
            h('button.btn.waves-effect', { type: 'submit', 'data-action': 'sign-up' }, t('web.auth.create_studio')),
            links(['/sign-in', 'web.auth.have_account']));
        const name = form.querySelector('[name=name]');
        const slug = form.querySelector('[name=slug]');
        let slugEdited = false;
        slug.addEventListener('input', () => { slugEdited = true; });
        name.addEventListener('input', () => {
            if (slugEdited) return;
            slug.value = slugify(name.value);
            slug.nextElementSibling.classList.toggle('active', slug.value !== '');
        });
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            clearFieldErrors(form);
            const values = formValues(form);
            busy(form, async () => {
                try {
                    const answer = await post('/auth/register', { ...values, locale: currentLocale() }, { idempotent: true });
                    await ctx.signedIn(answer);
                    location.hash = '#/';
                } catch (err) {
                    showError(err, form);
                }
            });
        });
        fill(root, form);
        name.focus();
    },
};
