// Dated overrides of a weekly schedule (GET/POST/DELETE <owner>/overrides) for a staff member or a
// location: the coming ones listed with a remove button (asked once), and a small form to add a
// day off, other hours or a blocked time on one date. Errors of the API land under the form's fields.

import { get, post, del } from '../api.js';
import { t, formatLocalDate } from '../i18n.js';
import { h, icon, skeleton, showError, fill, toast, busy, clearFieldErrors, confirmDialog } from '../ui.js';
import { todayLocal } from '../tz.js';
import { field, selectField, formActions, submitButton, allPages, timeOptions } from './kit.js';

const str = (form, name) => { const el = form.querySelector(`[name="${name}"]`); return el ? el.value.trim() : ''; };

/** overridesSection('/staff/ID' | '/locations/ID', { mayEdit, signal }) → an element that fills itself. */
export function overridesSection(base, { mayEdit = false, signal } = {}) {
    const box = h('div.overrides', { 'data-overrides': true }, skeleton(2));
    load(base, box, mayEdit, signal);
    return box;
}

async function load(base, box, mayEdit, signal) {
    let items;
    try {
        items = await allPages(get, `${base}/overrides`, { 'filter[date][gte]': todayLocal() }, signal);
    } catch (err) { showError(err); return; }
    const kindText = (o) => (o.kind === 'day_off' ? t('web.staff.kind.day_off') : `${t(`web.staff.kind.${o.kind}`)} ${o.intervals.map(([a, b]) => `${a}–${b}`).join(', ')}`);
    const form = mayEdit ? overrideForm(base, () => load(base, box, mayEdit, signal)) : null;
    fill(box,
        items.length ? h('ul.override-list', null, items.map((o) => h('li', { 'data-override': o.id, 'data-date': o.date, 'data-kind': o.kind },
            icon(o.kind === 'day_off' ? 'event_busy' : o.kind === 'blocked' ? 'block' : 'schedule', 'tiny'),
            h('strong', null, formatLocalDate(o.date, 'weekday')), h('span', null, kindText(o)), o.reason ? h('span.grey-text', null, `· ${o.reason}`) : null,
            mayEdit ? h('button.btn-flat.icon-btn', {
                type: 'button', 'data-action': 'remove-override', 'aria-label': t('web.staff.remove_override'), title: t('web.staff.remove_override'),
                onclick: async () => {
                    if (!(await confirmDialog(t('web.staff.confirm_remove_override', { date: formatLocalDate(o.date, 'weekdayLong'), what: kindText(o) }), { danger: true, ok: t('web.staff.remove_override') }))) return;
                    try { await del(`${base}/overrides/${o.id}`); toast(t('web.staff.override_removed'), 'success'); load(base, box, mayEdit, signal); } catch (err) { showError(err); }
                },
            }, icon('delete')) : null))) : h('p.grey-text', null, t('web.staff.no_overrides')),
        form);
}

function overrideForm(base, done) {
    const times = timeOptions().map((x) => [x, x]);
    const form = h('form.admin-form.override-form', { novalidate: true, 'data-form': 'override' },
        h('div.admin-row3', null,
            field('date', 'web.staff.date', { type: 'date', min: todayLocal(), value: todayLocal(), required: true }),
            selectField('kind', 'web.staff.kind_label', ['day_off', 'custom_hours', 'blocked'].map((k) => [k, t(`web.staff.kind.${k}`)]), 'day_off'),
            field('reason', 'web.staff.reason', { maxlength: 500 })),
        h('div.admin-row2.override-times', null,
            selectField('from', 'web.staff.from', times, '10:00'),
            selectField('intervals', 'web.staff.to', times, '15:00')),
        formActions(submitButton('web.staff.add_override', 'add-override')));
    const kind = form.querySelector('select[name=kind]');
    const times$ = form.querySelector('.override-times');
    const sync = () => { times$.hidden = kind.value === 'day_off'; };
    kind.addEventListener('change', sync);
    sync();
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        clearFieldErrors(form);
        const body = { date: str(form, 'date'), kind: kind.value, reason: str(form, 'reason') || undefined };
        if (kind.value !== 'day_off') body.intervals = [[str(form, 'from'), str(form, 'intervals')]];
        busy(form, async () => {
            try {
                await post(`${base}/overrides`, body, { idempotent: true });
                toast(t('web.staff.override_added'), 'success');
                done();
            } catch (err) { showError(err, form); }
        });
    });
    return form;
}
