// Automatic offers (`calendar.autofill`): the chain of offers of a freed time on the appointment
// card (who was asked, in which order, with which score, until when, and what became of it), and
// the studio's switch with the offer lifetime on the waitlist screen (`/settings/waitlist`).

import { get, put } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { h, icon, fill, showError, clearFieldErrors, busy, toast } from '../ui.js';
import { moneyBadge, field } from '../money/common.js';

/** The offers of the chains `appointmentId` is part of; nothing shown when there are none. */
export function offerChain(appointmentId) {
    const host = h('section.offer-chain', { 'data-offer-chain': appointmentId, hidden: true });
    get(`/appointments/${appointmentId}/waitlist-offers`)
        .then(({ items }) => {
            if (!items.length) return;
            host.hidden = false;
            fill(host, h('h3.section-title', null, icon('forward_to_inbox', 'tiny'), ' ', t('web.waitlist.offers.title')),
                h('ol.offers', null, items.map((o) => h('li.offer', { 'data-offer': o.id, 'data-offer-status': o.status, 'data-rank': o.rank },
                    h('strong', null, o.clientName || '—'), ' ',
                    moneyBadge('web.waitlist.offers.status', o.status), ' ',
                    h('span.grey-text', null, t('web.waitlist.offers.rank', { rank: o.rank, score: o.score }),
                        o.status === 'offered' ? ` · ${t('web.waitlist.offers.until', { time: formatInstant(o.expiresAt, 'dateTime') })}` : '')))));
        })
        .catch((err) => showError(err));
    return host;
}

/** The switch and the lifetime of offers, saved to `/settings/waitlist`. */
export function autofillSettings({ editable }) {
    const host = h('div.autofill-settings', { 'data-autofill-settings': true });
    get('/settings/waitlist').then((settings) => {
        const toggle = h('input', { type: 'checkbox', name: 'autofill', checked: settings.autofill, disabled: !editable });
        const minutes = h('input#autofill-minutes', { type: 'number', name: 'offerMinutes', min: 5, max: 1440, value: settings.offerMinutes, disabled: !editable });
        const form = h('form.money-form', { 'data-form': 'autofill', novalidate: true },
            h('p.grey-text', null, t('web.waitlist.autofill.hint')),
            h('p', null, h('label', null, toggle, h('span', null, t('web.waitlist.autofill.switch')))),
            field('web.waitlist.autofill.minutes', minutes),
            editable ? h('div.form-actions', null, h('button.btn', { type: 'submit', 'data-action': 'save-autofill' }, icon('save', 'left'), t('web.common.save'))) : null);
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            clearFieldErrors(form);
            busy(form, async () => {
                try {
                    await put('/settings/waitlist', { autofill: toggle.checked, offerMinutes: Number(minutes.value) });
                    toast(t('web.waitlist.autofill.saved'), 'success');
                } catch (err) { showError(err, form); }
            });
        });
        fill(host, form);
    }).catch((err) => showError(err));
    return host;
}
