// Step 6: everything once more, then the booking. The Idempotency-Key belongs to one booking body:
// a retry of the same confirm (a lost answer, a double tap) sends the same key and books once.

import { post } from '../api.js';
import { h, fill, icon, errorBanner } from '../dom.js';
import { t, money, duration } from '../i18n.js';
import { formatInstant } from '../studio-time.js';

function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export function bookingBody(state) {
    const c = state.contacts;
    const consents = ['data_processing'];
    if (c.marketing) consents.push('marketing_sms', 'marketing_email');
    const body = {
        serviceId: state.service.id,
        staffId: state.staff.id,
        startsAt: state.start.startsAt,
        name: c.name,
        phone: c.phone,
        consents,
    };
    // The hidden field travels only when something filled it (a person never does): the API refuses it then.
    if (c.website) body.website = c.website;
    if (c.email) body.email = c.email;
    if (c.notes) body.notes = c.notes;
    if (state.captcha) body.captchaToken = state.captcha.token();
    return body;
}

const CONTACT_FIELDS = ['name', 'phone', 'email', 'consents', 'notes', 'website', 'captchaToken'];

export default {
    render(body, { state, go }) {
        const s = state.start;
        const c = state.contacts;
        const row = (name, label, value, extra) => h('div.sf-row', h('span.sf-row-label', icon(name), label), h('span.sf-row-value', value, extra ? h('small.sf-muted', extra) : null));
        const status = h('div.sf-status');
        const button = h('button.btn-large.sf-primary.waves-effect', { type: 'button', 'data-action': 'confirm' }, t('book.confirm.book'));
        fill(body,
            h('div.sf-details', { 'data-details': '' },
                row('spa', t('book.confirm.service'), state.service.name, duration(state.service.durationMinutes)),
                row('person', t('book.confirm.staff'), state.staff.id === 'any' ? t('book.staff.any') : state.staff.name),
                row('event', t('book.confirm.when'), formatInstant(s.startsAt, 'dateTime'), t('book.time_zone', { zone: state.card.timezone })),
                row('payments', t('book.confirm.price'), money(state.service.price, state.card.currency)),
                row('badge', t('book.confirm.contacts'), c.name, [c.phone, c.email].filter(Boolean).join(' · '))),
            status,
            h('div.sf-actions', button));
        button.addEventListener('click', async () => {
            const payload = bookingBody(state);
            const text = JSON.stringify(payload);
            if (!state.attempt || state.attempt.body !== text) state.attempt = { body: text, key: uuid() };
            button.disabled = true;
            fill(status, h('div.progress', h('div.indeterminate')));
            try {
                state.booked = await post('/book', payload, { idempotencyKey: state.attempt.key });
                state.attempt = null;
                const a = state.booked.appointment;
                go(a.depositStatus === 'required' || a.status === 'deposit_required' ? 'payment' : 'done');
            } catch (err) {
                button.disabled = false;
                const fields = err.fields || {};
                if (err.code === 'slot_taken' || fields.startsAt === 'not_offered') {
                    // Someone took the time meanwhile: choose again from freshly loaded starts.
                    state.slots = null;
                    state.start = null;
                    state.notice = { code: 'slot_taken', text: t('book.error.slot_taken') };
                    go('start');
                } else if (fields.serviceId) {
                    state.service = null;
                    state.notice = { code: 'service_gone', text: err.message };
                    go('service');
                } else if (Object.keys(fields).some((f) => CONTACT_FIELDS.includes(f.split('.')[0]))) {
                    state.fieldErrors = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.split('.')[0], v]));
                    if (state.captcha && fields.captchaToken) state.captcha.reset();
                    go('contacts');
                } else {
                    fill(status, errorBanner(err));
                }
            }
        });
    },
};
