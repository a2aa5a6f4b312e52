// The booking flow: service → staff or any → day → start → contacts → confirm → payment (when a
// deposit is due) → done. One state object; each step is a module that renders from it.

import { h, fill, icon } from './dom.js';
import { t, money, duration } from './i18n.js';
import { formatInstant, formatDate } from './studio-time.js';
import service from './steps/service.js';
import staff from './steps/staff.js';
import day from './steps/day.js';
import start from './steps/start.js';
import contacts from './steps/contacts.js';
import confirm from './steps/confirm.js';
import payment from './steps/payment.js';
import done from './steps/done.js';

const STEPS = { service, staff, day, start, contacts, confirm, payment, done };
// The steps a client walks and sees counted; payment and done come after the booking exists.
const COUNTED = ['service', 'staff', 'day', 'start', 'contacts', 'confirm'];

/** `contacts`: what is already known of the person (the Mini App's Telegram user or linked client). */
export function mountBooking(root, card, { contacts } = {}) {
    const state = {
        card,
        service: null,     // { id, name, price, durationMinutes, category }
        staff: null,       // { id: 'any' | uuid, name }
        slots: null,       // loadSlots() answer for the service and staff
        date: null,
        start: null,       // { startsAt, staffIds }
        contacts: { name: '', phone: '', email: '', notes: '', marketing: false, dataProcessing: false },
        attempt: null,     // { body, key }: the Idempotency-Key of one booking body, kept for its retries
        booked: null,
        notice: null,      // a message for the next step shown (a start taken meanwhile)
    };
    Object.assign(state.contacts, contacts || {});
    let current = null;
    let controller = null;

    function go(step) {
        controller?.abort();
        controller = new AbortController();
        current = step;
        const view = STEPS[step];
        const body = h('div.sf-step-body');
        const index = COUNTED.indexOf(step);
        const page = h('section.sf-card', { 'data-screen': `book-${step}`, 'data-step': step },
            index >= 0 ? progress(index) : null,
            h('div.sf-step-head',
                index > 0 ? h('button.btn-flat.sf-back', { type: 'button', 'data-action': 'back', 'aria-label': t('book.back'), onclick: () => go(COUNTED[index - 1]) }, icon('arrow_back')) : null,
                h('h2.sf-title', t(`book.step.${step}.title`))),
            index > 0 && step !== 'confirm' ? summary(state, index) : null,
            state.notice ? h('div.sf-banner.warn', { role: 'status', 'data-notice': state.notice.code }, icon('info'), h('span', state.notice.text)) : null,
            body);
        state.notice = null;
        fill(root, page);
        window.scrollTo({ top: 0 });
        Promise.resolve(view.render(body, { state, go, signal: controller.signal })).then(() => {
            document.body.dataset.ready = 'true';
        }).catch((err) => {
            if (err.name !== 'AbortError') throw err;
        });
    }

    go('service');
    return { go, state: () => ({ current, state }) };
}

function progress(index) {
    return h('div.sf-progress', { 'aria-label': t('book.progress', { n: index + 1, total: COUNTED.length }) },
        COUNTED.map((_, i) => h('span.sf-dot', { class: i < index ? 'done' : i === index ? 'now' : null })),
        h('span.sf-progress-text', t('book.progress', { n: index + 1, total: COUNTED.length })));
}

/** What was chosen so far, as compact lines above the step. */
function summary(state, index) {
    const rows = [];
    if (state.service) {
        rows.push([ 'spa', state.service.name, `${duration(state.service.durationMinutes)} · ${money(state.service.price, state.card.currency)}` ]);
    }
    if (index > 1 && state.staff) rows.push(['person', state.staff.id === 'any' ? t('book.staff.any') : state.staff.name, null]);
    if (index > 2 && state.date) {
        rows.push(['event', index > 3 && state.start ? formatInstant(state.start.startsAt, 'dateTime') : formatDate(state.date, 'long'), null]);
    }
    return h('ul.sf-summary', { 'data-summary': '' }, rows.map(([name, text, extra]) => h('li', icon(name), h('span', text), extra ? h('span.sf-muted', extra) : null)));
}
