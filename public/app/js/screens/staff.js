// Staff: the list (keyset pages, "load more"), and a card with details, the weekly schedule on the
// 15-minute grid, the services they perform and dated overrides (day off, custom hours, a block).
// Reading needs appointments.read; changes need settings.write (a specialist may add their own
// day off: the API allows overrides on the staff record linked to the caller).

import { get, post, patch } from '../api.js';
import { t } from '../i18n.js';
import { h, icon, skeleton, showError, fill, openDrawer, closeDrawer, toast, busy, clearFieldErrors } from '../ui.js';
import * as session from '../session.js';
import { overridesSection } from '../admin/overrides.js';
import { field, selectField, checkField, formActions, submitButton, empty, statusChip, masterDetail, listRow, allPages,
    scheduleEditor, scheduleSummary, servicesPicker } from '../admin/kit.js';
import { calendarFeedSection } from '../admin/calendar-feed.js';
import { staffTelegramSection } from '../admin/staff-telegram.js';

const PALETTE = ['#7E57C2', '#26A69A', '#EF6C00', '#5C6BC0', '#EC407A', '#8D6E63', '#43A047', '#00897B'];
const str = (form, name) => { const el = form.querySelector(`[name="${name}"]`); return el ? el.value.trim() : ''; };

export default {
    title: 'web.staff.title',
    async mount(root, ctx) {
        const canEdit = session.can('settings.write');
        const me = session.current();
        const search = h('input.search-box', { type: 'search', 'data-search': true, placeholder: t('web.staff.search'), 'aria-label': t('web.staff.search'), value: ctx.query.q || '' });
        const newButton = h('button.btn.btn-small.admin-new', { type: 'button', 'data-action': 'new', hidden: !canEdit }, icon('add', 'left'), h('span.admin-new-label', null, t('web.staff.new')));
        const frame = masterDetail('staff', { toolbar: h('div.list-toolbar', null, icon('search'), search, newButton) });
        const more = h('button.btn-flat.load-more', { type: 'button', hidden: true, 'data-action': 'load-more' }, t('web.common.load_more'));
        frame.list.after(more);
        fill(root, frame.root);
        fill(frame.list, skeleton(6));

        let staff = [];
        let cursor = null;
        const [services, locations, users] = await Promise.all([
            allPages(get, '/services', {}, ctx.signal),
            allPages(get, '/locations', {}, ctx.signal),
            session.can('users.read') ? allPages(get, '/users', {}, ctx.signal).catch(() => []) : Promise.resolve([]),
        ]);
        const locationName = (id) => locations.find((l) => l.id === id)?.name || '—';

        function render() {
            const q = search.value.trim().toLowerCase();
            const shown = staff.filter((s) => !q || s.name.toLowerCase().includes(q));
            if (staff.length === 0) return fill(frame.list, empty('web.staff.none', 'badge'));
            if (shown.length === 0) return fill(frame.list, empty('web.catalog.nothing_found', 'search'));
            fill(frame.list, h('div.admin-group', null, shown.map((s) => listRow(s.id, () => showCard(s),
                h('span.row-main', null, h('span.dot', { style: `background:${s.color}` }), ' ', s.name, statusChip(s.active),
                    h('small.grey-text.row-sub', null, t('web.staff.services_n', { n: s.serviceIds.length }), locations.length > 1 ? ` · ${locationName(s.locationId)}` : '')),
                h('span.row-side.grey-text', null, workDays(s.schedule))))));
            const key = frame.shownKey();
            if (key) frame.list.querySelector(`[data-key="${key}"]`)?.classList.add('selected');
        }
        const workDays = (schedule) => ['1', '2', '3', '4', '5', '6', '7'].filter((d) => (schedule[d] || []).length).map((d) => t(`web.staff.weekday_short.${d}`)).join(' ');

        async function load(reset) {
            try {
                const page = await get('/staff', { limit: 50, cursor: reset ? null : cursor }, { signal: ctx.signal });
                staff = reset ? page.items : staff.concat(page.items);
                cursor = page.nextCursor;
                more.hidden = !cursor;
                render();
            } catch (err) { showError(err); }
        }

        function replace(saved) {
            staff = staff.map((s) => (s.id === saved.id ? saved : s));
            if (!staff.some((s) => s.id === saved.id)) staff.push(saved);
            render();
        }

        // --- the card -------------------------------------------------------------------
        function showCard(s) {
            const own = me && s.userId === me.user.id;
            const linked = users.find((u) => u.id === s.userId);
            const editor = scheduleEditor(s.schedule);
            const scheduleForm = h('form.admin-form', { novalidate: true, 'data-form': 'schedule' }, editor.el,
                canEdit ? formActions(submitButton('web.staff.save_schedule', 'save-schedule')) : null);
            scheduleForm.addEventListener('submit', (event) => {
                event.preventDefault();
                clearFieldErrors(scheduleForm);
                busy(scheduleForm, async () => {
                    try {
                        const saved = await patch(`/staff/${s.id}`, { schedule: editor.value() });
                        replace(saved);
                        s = saved;
                        toast(t('web.staff.schedule_saved'), 'success');
                    } catch (err) { showError(err, scheduleForm); }
                });
            });
            const picker = servicesPicker(services, s.serviceIds);
            const servicesForm = h('form.admin-form', { novalidate: true, 'data-form': 'staff-services' }, picker.el,
                canEdit ? formActions(submitButton('web.staff.save_services', 'save-services')) : null);
            servicesForm.addEventListener('submit', (event) => {
                event.preventDefault();
                clearFieldErrors(servicesForm);
                busy(servicesForm, async () => {
                    try {
                        const saved = await patch(`/staff/${s.id}`, { serviceIds: picker.value() });
                        replace(saved);
                        s = saved;
                        toast(t('web.staff.services_saved'), 'success');
                    } catch (err) { showError(err, servicesForm); }
                });
            });
            if (!canEdit) {
                scheduleForm.querySelectorAll('select, button').forEach((el) => { el.disabled = true; });
                servicesForm.querySelectorAll('input').forEach((el) => { el.disabled = true; });
            }
            const overrides = overridesSection(`/staff/${s.id}`, { mayEdit: canEdit || own, signal: ctx.signal });
            const card = h('div.admin-card', { 'data-card': 'staff', 'data-id': s.id },
                h('dl.admin-facts', null,
                    h('dt', null, t('web.staff.color')), h('dd', null, h('span.dot', { style: `background:${s.color}` }), ' ', s.color),
                    h('dt', null, t('web.staff.location')), h('dd', null, locationName(s.locationId)),
                    h('dt', null, t('web.staff.user')), h('dd', null, linked ? `${linked.name} · ${linked.email}` : s.userId ? t('web.staff.user_linked') : t('web.staff.user_none')),
                    h('dt', null, t('web.catalog.status')), h('dd', null, s.active ? t('web.catalog.in_use') : t('web.catalog.not_in_use'))),
                canEdit ? formActions(h('button.btn', { type: 'button', 'data-action': 'edit', onclick: () => staffForm(s) }, icon('edit', 'left'), t('web.catalog.edit'))) : null,
                h('h3.section-title', null, t('web.staff.week')),
                canEdit ? h('p.helper-text.grey-text', null, t('web.staff.week_hint')) : scheduleSummary(s.schedule),
                canEdit ? scheduleForm : null,
                h('h3.section-title', null, t('web.staff.overrides')),
                h('p.helper-text.grey-text', null, t('web.staff.overrides_hint')),
                overrides,
                canEdit || own ? [h('h3.section-title', null, t('web.staff.feed_title')), calendarFeedSection(s.id, { signal: ctx.signal })] : null,
                (canEdit || own) && session.has('telegram.reception') ? [h('h3.section-title', null, t('web.staff.telegram_title')), staffTelegramSection(s.id, { signal: ctx.signal })] : null,
                h('h3.section-title', null, t('web.staff.services')),
                servicesForm);
            frame.show(s.name, card, s.id);
        }

        // --- create / edit the details ------------------------------------------------------
        function staffForm(s = null) {
            const userOptions = [['', t('web.staff.user_none')], ...users.filter((u) => u.status !== 'disabled').map((u) => [u.id, `${u.name} (${t(`web.users.role.${u.role}`)})`])];
            const form = h('form.admin-form', { novalidate: true, 'data-form': 'staff' },
                field('name', 'web.staff.name', { value: s?.name, required: true, maxlength: 200 }),
                h('div.admin-row2', null,
                    field('color', 'web.staff.color', { type: 'color', value: s?.color || PALETTE[staff.length % PALETTE.length] }, 'web.staff.color_hint'),
                    selectField('locationId', 'web.staff.location', locations.filter((l) => l.active || l.id === s?.locationId).map((l) => [l.id, l.name]), s?.locationId || locations.find((l) => l.isDefault)?.id)),
                users.length ? selectField('userId', 'web.staff.user', userOptions, s?.userId || '', 'web.staff.user_hint') : null,
                checkField('active', 'web.catalog.in_use', s ? s.active : true, 'web.staff.active_hint'),
                s ? null : h('p.helper-text.grey-text', null, t('web.staff.new_hint')),
                formActions(h('button.btn-flat', { type: 'button', onclick: () => closeDrawer() }, t('web.common.cancel')), submitButton()));
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                clearFieldErrors(form);
                const body = { name: str(form, 'name'), color: str(form, 'color').toUpperCase(), locationId: str(form, 'locationId') || undefined, active: form.querySelector('[name=active]').checked };
                if (form.querySelector('[name=userId]')) body.userId = str(form, 'userId') || null;
                if (!s && body.userId === null) delete body.userId;
                busy(form, async () => {
                    try {
                        const saved = s ? await patch(`/staff/${s.id}`, body) : await post('/staff', body, { idempotent: true });
                        closeDrawer();
                        toast(t(s ? 'web.staff.saved' : 'web.staff.created'), 'success');
                        replace(saved);
                        showCard(saved);
                    } catch (err) { showError(err, form); }
                });
            });
            openDrawer(s ? t('web.staff.edit') : t('web.staff.new'), form);
            form.querySelector('[name=name]').focus();
        }

        const onNew = () => { if (canEdit) staffForm(); };
        newButton.addEventListener('click', onNew);
        more.addEventListener('click', () => load(false));
        search.addEventListener('input', () => { ctx.setQuery({ q: search.value.trim() || undefined }); render(); });
        await load(true);
        return {
            onNew,
            onEdit: () => { const s = staff.find((x) => x.id === frame.shownKey()); if (s && canEdit) staffForm(s); },
            onSearch: () => search.focus(),
        };
    },
};
