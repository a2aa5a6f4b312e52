// Step 5: who is coming (name, phone, email), the consents (data processing is required, marketing
// is optional), the captcha when the studio asks for one, and the hidden field people never fill.

import { h, fill, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';
import { captchaWanted, captchaBox } from '../captcha.js';

function field(name, type, value, { required = false, autocomplete, textarea = false } = {}) {
    const id = `sf-${name}`;
    const input = textarea
        ? h('textarea.materialize-textarea', { id, name, maxlength: '1000' }, value || '')
        : h('input', { id, name, type, value: value || '', autocomplete, required: required || null, maxlength: name === 'email' ? '320' : '200' });
    return h('div.input-field', { 'data-field': name },
        input,
        h('label', { for: id, class: value ? 'active' : null }, t(`book.contacts.${name}`) + (required ? ' *' : '')));
}

function consent(name, checked, text, required) {
    return h('label.sf-consent', { 'data-field': name },
        h('input.filled-in', { type: 'checkbox', name, checked: checked || null }),
        h('span', text + (required ? ' *' : '')));
}

export default {
    render(body, { state, go }) {
        const c = state.contacts;
        if (captchaWanted(state.card) && !state.captcha) state.captcha = captchaBox(state.card);
        const form = h('form.sf-form', { 'data-form': 'contacts', novalidate: true },
            field('name', 'text', c.name, { required: true, autocomplete: 'name' }),
            field('phone', 'tel', c.phone, { required: true, autocomplete: 'tel' }),
            field('email', 'email', c.email, { autocomplete: 'email' }),
            field('notes', 'text', c.notes, { textarea: true }),
            // A field hidden from people: a program filling the form fills it, and the API refuses it.
            h('div.sf-hp', { 'aria-hidden': 'true' },
                h('label', { for: 'sf-website' }, 'Website'),
                h('input', { id: 'sf-website', name: 'website', type: 'text', tabindex: '-1', autocomplete: 'off', value: '' })),
            h('div.sf-consents',
                consent('consents', c.dataProcessing, t('book.consent.data_processing'), true),
                consent('marketing', c.marketing, t('book.consent.marketing'), false)),
            state.captcha ? h('div', { 'data-field': 'captchaToken' }, state.captcha.node) : null,
            h('div.sf-actions', h('button.btn-large.sf-primary.waves-effect', { type: 'submit', 'data-action': 'to-confirm' }, t('book.next'))));
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            const value = (name) => form.elements[name].value.trim();
            Object.assign(c, {
                name: value('name'), phone: value('phone'), email: value('email'), notes: value('notes'),
                website: form.elements.website.value,
                dataProcessing: form.elements.consents.checked, marketing: form.elements.marketing.checked,
            });
            const problems = {};
            if (!c.name) problems.name = 'required';
            if (!c.phone) problems.phone = 'required';
            else if (c.phone.replace(/\D/g, '').length < 6) problems.phone = 'invalid';
            if (c.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email)) problems.email = 'invalid';
            if (!c.dataProcessing) problems.consents = 'data_processing_required';
            if (state.captcha && !state.captcha.token()) problems.captchaToken = 'captcha_required';
            if (showFieldErrors(form, problems).length) return;
            go('confirm');
        });
        fill(body, h('p.sf-hint', t('book.contacts.hint')), form);
        if (state.fieldErrors) {
            showFieldErrors(form, state.fieldErrors);
            state.fieldErrors = null;
        }
    },
};
