// Pieces shared by the studio-setup screens (services, staff, locations, users, settings, plan):
// labelled fields with hints, the list-left / card-right frame (a drawer on a phone), the weekly
// schedule editor on the 15-minute grid and the services picker. Everything visible goes through t().

import { t, has } from '../i18n.js';
import { h, icon, fill, openDrawer, closeDrawer } from '../ui.js';

let uid = 0;
const nextId = (name) => `a-${String(name).replace(/[^\w-]/g, '_')}-${++uid}`;

/** A text-like input with its label above (always "active") and an optional hint under it. */
export function field(name, labelKey, attrs = {}, hintKey = null) {
    const id = nextId(name);
    const value = attrs.value === null || attrs.value === undefined ? undefined : String(attrs.value);
    return h('div.input-field.admin-field', null,
        h('input', { id, name, type: 'text', ...attrs, value }),
        h('label.active', { for: id }, t(labelKey)),
        hintKey ? h('span.helper-text', null, t(hintKey)) : null);
}

export function textArea(name, labelKey, value, hintKey = null) {
    const id = nextId(name);
    const el = h('textarea.materialize-textarea', { id, name });
    el.value = value || '';
    return h('div.input-field.admin-field', null, el, h('label.active', { for: id }, t(labelKey)),
        hintKey ? h('span.helper-text', null, t(hintKey)) : null);
}

/** options: [[value, text], …] */
export function selectField(name, labelKey, options, value, hintKey = null, attrs = {}) {
    const id = nextId(name);
    return h('div.input-field.admin-field.select-field', null,
        h('label.active', { for: id }, t(labelKey)),
        h('select.browser-default', { id, name, ...attrs }, options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, text))),
        hintKey ? h('span.helper-text', null, t(hintKey)) : null);
}

export function checkField(name, labelKey, checked, hintKey = null) {
    return h('div.admin-check', null,
        h('label', null, h('input', { type: 'checkbox', name, checked: !!checked, class: 'filled-in' }), h('span', null, t(labelKey))),
        hintKey ? h('span.helper-text', null, t(hintKey)) : null);
}

export function formActions(...buttons) { return h('div.admin-actions', null, buttons); }

export function submitButton(labelKey = 'web.common.save', action = 'save') {
    return h('button.btn', { type: 'submit', 'data-action': action }, t(labelKey));
}

/** An empty-state line with an icon. */
export function empty(textKey, iconName = 'inbox') {
    return h('div.admin-empty', { 'data-empty': true }, icon(iconName), h('p', null, t(textKey)));
}

export function statusChip(active) {
    return active ? null : h('span.chip-small.admin-off', null, t('web.catalog.not_in_use'));
}

// --- list left, card right ---------------------------------------------------------------

const phone = () => window.matchMedia('(max-width: 992px)').matches;

/**
 * The master–detail frame: `list` is the left pane; show(title, content) puts a card in the right
 * pane on a desk and in the drawer on a phone. Forms always open in the drawer (openForm).
 */
export function masterDetail(screen, { toolbar = null } = {}) {
    const list = h('div.admin-list');
    const detail = h('section.admin-detail.card', { 'data-detail': true }, empty('web.catalog.pick_one', 'touch_app'));
    const root = h('div.admin-screen', { 'data-screen': screen }, h('div.admin-master', null, toolbar, list), detail);
    let shown = null; // { title, content, key } of the card on view
    const place = () => {
        if (!shown) return;
        if (phone()) {
            fill(detail, empty('web.catalog.pick_one', 'touch_app'));
            openDrawer(shown.title, shown.content, { wide: true, onClose: () => { if (phone()) { shown = null; mark(); } } });
        } else {
            closeDrawer();
            fill(detail, h('h2.admin-detail-title', null, shown.title), shown.content);
        }
    };
    const mark = () => {
        for (const el of list.querySelectorAll('[data-list-item]')) el.classList.toggle('selected', !!shown && el.dataset.key === shown.key);
    };
    // A window crossing the desk/phone width (a turned tablet) moves the open card with it.
    const media = window.matchMedia('(max-width: 992px)');
    const onMedia = () => { if (root.isConnected) place(); else media.removeEventListener('change', onMedia); };
    media.addEventListener('change', onMedia);
    return {
        root, list, detail,
        shownKey: () => (shown ? shown.key : null),
        show(title, content, key = null) {
            shown = { title, content, key };
            place();
            mark();
        },
        clear() { shown = null; fill(detail, empty('web.catalog.pick_one', 'touch_app')); closeDrawer(); },
    };
}

/** A clickable list row (a button, so Enter and the arrows of keys.js work on it). */
export function listRow(key, onOpen, ...children) {
    return h('button.admin-row', { type: 'button', 'data-list-item': true, 'data-key': key, onclick: onOpen }, children);
}

// --- the weekly schedule on the 15-minute grid --------------------------------------------

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'];

export function timeOptions(from = 0, to = 24 * 60) {
    const out = [];
    for (let m = from; m <= to; m += 15) {
        const text = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        out.push(text);
    }
    return out;
}
const TIMES = timeOptions();

function timeSelect(name, value, labelKey) {
    return h('select.browser-default.time-select', { name, 'aria-label': t(labelKey) },
        TIMES.map((time) => h('option', { value: time, selected: time === value }, time)));
}

/** One interval row: start – end selects and a remove button. name: the API's path of the row. */
function intervalRow(name, [start, end], onRemove) {
    return h('div.interval-row', { 'data-interval': true },
        timeSelect(`${name}.start`, start, 'web.staff.from'), h('span.interval-dash', null, '–'), timeSelect(name, end, 'web.staff.to'),
        h('button.btn-flat.icon-btn', { type: 'button', 'data-action': 'remove-interval', 'aria-label': t('web.staff.remove_interval'), title: t('web.staff.remove_interval'), onclick: onRemove }, icon('close')));
}

/**
 * The week editor: per ISO weekday a list of intervals (none = closed), "copy Monday to every
 * working day". value() answers the API's schedule JSON. Errors of the API land under the row
 * (`schedule.2[1]`) or the day (`schedule.2`) because the selects are named like the paths.
 */
export function scheduleEditor(schedule = {}) {
    const days = {};
    const el = h('div.schedule-editor', { 'data-schedule': true }, h('input', { type: 'hidden', name: 'schedule' }));
    function renderDay(day) {
        const box = days[day].box;
        const intervals = days[day].intervals;
        fill(box,
            h('div.day-name', null, t(`web.staff.weekday.${day}`)),
            h('div.day-intervals', null,
                h('input', { type: 'hidden', name: `schedule.${day}` }),
                intervals.length === 0 ? h('span.day-closed', null, t('web.staff.closed')) : null,
                intervals.map((iv, i) => intervalRow(`schedule.${day}[${i}]`, iv, () => { sync(day); days[day].intervals.splice(i, 1); renderDay(day); }))),
            h('button.btn-flat.icon-btn', {
                type: 'button', 'data-action': 'add-interval', 'data-day': day, title: t('web.staff.add_interval'), 'aria-label': t('web.staff.add_interval'),
                onclick: () => {
                    sync(day); // sync() replaces the day's array: push onto the current one
                    const current = days[day].intervals;
                    const last = current[current.length - 1];
                    current.push(last ? [last[1], TIMES[Math.min(TIMES.indexOf(last[1]) + 8, TIMES.length - 1)]] : ['10:00', '19:00']);
                    renderDay(day);
                },
            }, icon('add')));
    }
    /** Reads a day's selects back into its intervals (before a re-render). */
    function sync(day) {
        const rows = days[day].box.querySelectorAll('[data-interval]');
        days[day].intervals = [...rows].map((row) => { const [s, e] = row.querySelectorAll('select'); return [s.value, e.value]; });
    }
    for (const day of WEEKDAYS) {
        days[day] = { box: h('div.schedule-day', { 'data-weekday': day }), intervals: (schedule[day] || []).map((iv) => [...iv]) };
        el.append(days[day].box);
        renderDay(day);
    }
    el.append(h('button.btn-flat.copy-monday', {
        type: 'button', 'data-action': 'copy-monday',
        onclick: () => {
            sync('1');
            for (const day of ['2', '3', '4', '5']) { days[day].intervals = days['1'].intervals.map((iv) => [...iv]); renderDay(day); }
        },
    }, icon('content_copy'), t('web.staff.copy_monday')));
    return {
        el,
        value() {
            const out = {};
            for (const day of WEEKDAYS) { sync(day); out[day] = days[day].intervals.map((iv) => [...iv]); }
            return out;
        },
    };
}

/** A compact read-only week: "Mon 09:00–18:00 · Tue —". */
export function scheduleSummary(schedule = {}) {
    return h('div.schedule-summary', null, WEEKDAYS.map((day) => {
        const iv = schedule[day] || [];
        return h('div.summary-day', { 'data-weekday': day }, h('span.summary-name', null, t(`web.staff.weekday_short.${day}`)),
            h('span', { class: iv.length ? '' : 'grey-text' }, iv.length ? iv.map(([s, e]) => `${s}–${e}`).join(', ') : t('web.staff.closed')));
    }));
}

// --- services picker ---------------------------------------------------------------------

/** Checkboxes of the studio's services grouped by category; value() → selected ids. */
export function servicesPicker(services, selected = [], name = 'serviceIds') {
    const chosen = new Set(selected);
    const groups = new Map();
    for (const s of services) {
        if (!s.active && !chosen.has(s.id)) continue;
        if (!groups.has(s.category)) groups.set(s.category, []);
        groups.get(s.category).push(s);
    }
    const el = h('div.services-picker', { 'data-picker': name }, h('input', { type: 'hidden', name }),
        [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([category, items]) => h('div.picker-group', null,
            h('div.picker-category', null, category),
            items.map((s) => h('label.picker-item', null,
                h('input', { type: 'checkbox', class: 'filled-in', value: s.id, checked: chosen.has(s.id), 'data-service': s.id }),
                h('span', null, s.name))))));
    if (services.length === 0) el.append(h('p.grey-text', null, t('web.catalog.no_services')));
    return { el, value: () => [...el.querySelectorAll('input[type=checkbox]:checked')].map((c) => c.value) };
}

/** The catalog's text of a field error code (`web.field.<code>`), else the code itself. */
export function fieldText(code) { return has(`web.field.${code}`) ? t(`web.field.${code}`) : code; }

/** Reads every page of a list (keyset) for the small reference lists of a screen (services, locations). */
export async function allPages(get, path, query, signal) {
    const items = [];
    let cursor = null;
    do {
        const page = await get(path, { limit: 200, ...query, cursor }, { signal });
        items.push(...page.items);
        cursor = page.nextCursor;
    } while (cursor && items.length < 2000);
    return items;
}
