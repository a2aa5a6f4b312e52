// Who on the waitlist fits a free time (`POST /waitlist/match`, waitlist.smart): ranked, each
// score with its parts in words (UI.md: explain, never a bare number), and "Book" at that time.
// Used by the waitlist screen (any interval of a staff member) and the appointment card (the time
// a cancelled booking freed).

import { post } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { h, icon, fill, showError, busy, toast, skeleton } from '../ui.js';
import { todayLocal } from '../tz.js';
import { field } from '../money/common.js';
import { timeOptions } from '../admin/kit.js';

function partLine(part) {
    const sign = part.points > 0 ? '+' : '';
    // Worded here from the part's code and figures (the API's `detail` is English).
    const key = part.code ? `web.waitlist.detail.${part.factor}.${part.code}` : `web.waitlist.detail.${part.factor}`;
    return h('li', { 'data-factor': part.factor }, h('span.part-points', null, `${sign}${part.points}`), ' ', t(`web.waitlist.factor.${part.factor}`), ' — ', t(key, part.values || {}));
}

/** Renders the ranked candidates of a match answer into `host`, each with Book at the interval's start. */
export function renderCandidates(host, match, { onBooked } = {}) {
    if (match.candidates.length === 0) return fill(host, h('p.grey-text', { 'data-empty': true }, t('web.waitlist.no_candidates')));
    fill(host, h('ol.candidates', null, match.candidates.map((c) => {
        const book = h('button.btn-small', { type: 'button', 'data-action': 'book-candidate', 'data-entry': c.entry.id }, t('web.waitlist.book_at', { at: formatInstant(match.startsAt, 'time') }));
        book.addEventListener('click', () => busy(book.closest('li'), async () => {
            try {
                const answer = await post(`/waitlist/${c.entry.id}/book`, { startsAt: match.startsAt, staffId: match.staffId }, { idempotent: true });
                toast(t('web.waitlist.booked_ok', { at: formatInstant(answer.startsAt, 'dateTime') }), 'success');
                if (onBooked) onBooked(answer);
            } catch (err) { showError(err); }
        }));
        return h('li.candidate', { 'data-candidate': c.entry.id, 'data-score': c.score },
            h('div.candidate-head', null, h('strong', null, c.entry.clientName || '—'), ' ', h('span.grey-text', null, c.entry.serviceName || ''),
                h('span.candidate-score', { title: t('web.waitlist.score_hint') }, t('web.waitlist.score', { n: c.score }))),
            h('ul.candidate-parts', null, c.parts.map(partLine)),
            book);
    })));
    return host;
}

/** For the appointment card: the waiting clients for the time `appointmentId` held. */
export function candidatesForAppointment(appointmentId, { onBooked } = {}) {
    const host = h('div.waitlist-candidates', { 'data-waitlist-candidates': appointmentId }, skeleton(2));
    post('/waitlist/match', { appointmentId })
        .then((match) => renderCandidates(host, match, { onBooked }))
        .catch((err) => { fill(host); showError(err); });
    return h('section.freed-time', null, h('h3.section-title', null, icon('hourglass_top', 'tiny'), ' ', t('web.waitlist.for_freed_time')), host);
}

/** For the waitlist screen: pick a staff member, a day and hours; see who fits. */
export function candidatesList({ staff, onBooked }) {
    const staffSelect = h('select.browser-default', { name: 'staffId' }, staff.map((s) => h('option', { value: s.id }, s.name)));
    const day = h('input', { type: 'date', name: 'date', value: todayLocal() });
    const hours = timeOptions(6 * 60, 23 * 60).map((x) => h('option', { value: x }, x));
    const from = h('select.browser-default', { name: 'from' }, hours.map((o) => o.cloneNode(true)));
    const to = h('select.browser-default', { name: 'to' }, hours.map((o) => o.cloneNode(true)));
    from.value = '10:00';
    to.value = '12:00';
    const results = h('div.match-results');
    const form = h('form.money-form', { 'data-form': 'match', novalidate: true },
        h('p.grey-text', null, t('web.waitlist.match_hint')),
        field('web.waitlist.staff', staffSelect), field('web.waitlist.day', day),
        h('div.waitlist-window', null, field('web.waitlist.from', from), field('web.waitlist.to', to)),
        h('div.form-actions', null, h('button.btn', { type: 'submit', 'data-action': 'find-candidates' }, icon('manage_search', 'left'), t('web.waitlist.find'))),
        results);
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        busy(form, async () => {
            try {
                const match = await post('/waitlist/match', { staffId: staffSelect.value, startsAt: `${day.value}T${from.value}:00`, endsAt: `${day.value}T${to.value}:00` });
                renderCandidates(results, match, { onBooked: (answer) => { form.requestSubmit(); if (onBooked) onBooked(answer); } });
            } catch (err) { showError(err, form); }
        });
    });
    return form;
}
