// Locations and rooms: the studio's locations with their rooms under each; a location's card holds
// its details, its opening hours (the weekly schedule the staff's hours sit inside) and its rooms;
// a room is edited in the drawer (name, location, active, the services it can host).
// Reading needs appointments.read; changes need settings.write.

import { get, post, patch } from '../api.js';
import { t } from '../i18n.js';
import { h, icon, skeleton, showError, fill, openDrawer, closeDrawer, toast, busy, clearFieldErrors } from '../ui.js';
import * as session from '../session.js';
import { overridesSection } from '../admin/overrides.js';
import { field, selectField, checkField, formActions, submitButton, empty, statusChip, masterDetail, listRow, allPages,
    scheduleEditor, scheduleSummary, servicesPicker } from '../admin/kit.js';

const str = (form, name) => { const el = form.querySelector(`[name="${name}"]`); return el ? el.value.trim() : ''; };

export default {
    title: 'web.locations.title',
    async mount(root, ctx) {
        const canEdit = session.can('settings.write');
        const search = h('input.search-box', { type: 'search', 'data-search': true, placeholder: t('web.locations.search'), 'aria-label': t('web.locations.search'), value: ctx.query.q || '' });
        const newButton = h('button.btn.btn-small.admin-new', { type: 'button', 'data-action': 'new', hidden: !canEdit }, icon('add', 'left'), h('span.admin-new-label', null, t('web.locations.new')));
        const frame = masterDetail('locations', { toolbar: h('div.list-toolbar', null, icon('search'), search, newButton) });
        fill(root, frame.root);
        fill(frame.list, skeleton(5));

        let [locations, rooms, services] = await Promise.all([
            allPages(get, '/locations', {}, ctx.signal),
            allPages(get, '/rooms', {}, ctx.signal),
            allPages(get, '/services', {}, ctx.signal).catch(() => []),
        ]);
        const serviceName = (id) => services.find((s) => s.id === id)?.name || '…';

        function render() {
            const q = search.value.trim().toLowerCase();
            const match = (text) => !q || (text || '').toLowerCase().includes(q);
            const shown = locations.filter((l) => match(l.name) || match(l.address) || rooms.some((r) => r.locationId === l.id && match(r.name)))
                .sort((a, b) => (b.isDefault - a.isDefault) || a.name.localeCompare(b.name));
            if (shown.length === 0) return fill(frame.list, empty('web.catalog.nothing_found', 'search'));
            fill(frame.list, shown.map((l) => h('div.admin-group', { 'data-location': l.id },
                listRow(l.id, () => showLocation(l),
                    h('span.row-main', null, icon('store', 'tiny'), ' ', h('strong', null, l.name), l.isDefault ? h('span.chip-small', null, t('web.locations.default')) : null, statusChip(l.active),
                        l.address ? h('small.grey-text.row-sub', null, l.address) : null),
                    h('span.row-side.grey-text', null, t('web.locations.rooms_n', { n: rooms.filter((r) => r.locationId === l.id).length }))),
                rooms.filter((r) => r.locationId === l.id).sort((a, b) => a.name.localeCompare(b.name)).map((r) => listRow(`room-${r.id}`, () => showRoom(r),
                    h('span.row-main.room-row', { 'data-room': r.id }, icon('meeting_room', 'tiny'), ' ', r.name, statusChip(r.active)),
                    h('span.row-side.grey-text', null, r.serviceIds.length ? t('web.locations.services_n', { n: r.serviceIds.length }) : t('web.locations.any_service')))))));
            const key = frame.shownKey();
            if (key) frame.list.querySelector(`[data-key="${key}"]`)?.classList.add('selected');
        }

        // --- a location -------------------------------------------------------------------
        function showLocation(l) {
            const editor = scheduleEditor(l.schedule);
            const hoursForm = h('form.admin-form', { novalidate: true, 'data-form': 'location-hours' }, editor.el, formActions(submitButton('web.locations.save_hours', 'save-hours')));
            hoursForm.addEventListener('submit', (event) => {
                event.preventDefault();
                clearFieldErrors(hoursForm);
                busy(hoursForm, async () => {
                    try {
                        const saved = await patch(`/locations/${l.id}`, { schedule: editor.value() });
                        locations = locations.map((x) => (x.id === saved.id ? saved : x));
                        l = saved;
                        render();
                        toast(t('web.locations.hours_saved'), 'success');
                    } catch (err) { showError(err, hoursForm); }
                });
            });
            const card = h('div.admin-card', { 'data-card': 'location', 'data-id': l.id },
                h('dl.admin-facts', null,
                    h('dt', null, t('web.locations.address')), h('dd', null, l.address || '—'),
                    h('dt', null, t('web.locations.phone')), h('dd', null, l.phone ? h('a', { href: `tel:${l.phone}` }, l.phone) : '—'),
                    h('dt', null, t('web.catalog.status')), h('dd', null, [l.active ? t('web.catalog.in_use') : t('web.catalog.not_in_use'), l.isDefault ? ` · ${t('web.locations.default')}` : ''])),
                canEdit ? formActions(
                    h('button.btn', { type: 'button', 'data-action': 'edit', onclick: () => locationForm(l) }, icon('edit', 'left'), t('web.catalog.edit')),
                    h('button.btn-flat', { type: 'button', 'data-action': 'new-room', onclick: () => roomForm(null, l.id) }, icon('add', 'left'), t('web.locations.new_room'))) : null,
                h('h3.section-title', null, t('web.locations.hours')),
                h('p.helper-text.grey-text', null, t('web.locations.hours_hint')),
                canEdit ? hoursForm : scheduleSummary(l.schedule),
                h('h3.section-title', null, t('web.locations.overrides')),
                h('p.helper-text.grey-text', null, t('web.locations.overrides_hint')),
                overridesSection(`/locations/${l.id}`, { mayEdit: canEdit, signal: ctx.signal }),
                h('h3.section-title', null, t('web.locations.rooms')),
                rooms.some((r) => r.locationId === l.id)
                    ? h('ul.admin-items', null, rooms.filter((r) => r.locationId === l.id).map((r) => h('li', null, h('a', { href: '#!', onclick: (e) => { e.preventDefault(); showRoom(r); } }, r.name), statusChip(r.active))))
                    : h('p.grey-text', null, t('web.locations.no_rooms')));
            frame.show(l.name, card, l.id);
        }

        function locationForm(l = null) {
            const form = h('form.admin-form', { novalidate: true, 'data-form': 'location' },
                field('name', 'web.locations.name', { value: l?.name, required: true, maxlength: 200 }),
                field('address', 'web.locations.address', { value: l?.address, maxlength: 500 }),
                field('phone', 'web.locations.phone', { type: 'tel', value: l?.phone }),
                checkField('active', 'web.catalog.in_use', l ? l.active : true, 'web.locations.active_hint'),
                l && !l.isDefault ? checkField('isDefault', 'web.locations.make_default', false, 'web.locations.default_hint') : null,
                l ? null : h('p.helper-text.grey-text', null, t('web.locations.new_hint')),
                formActions(h('button.btn-flat', { type: 'button', onclick: () => closeDrawer() }, t('web.common.cancel')), submitButton()));
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                clearFieldErrors(form);
                const body = { name: str(form, 'name'), address: str(form, 'address') || null, phone: str(form, 'phone') || null, active: form.querySelector('[name=active]').checked };
                if (form.querySelector('[name=isDefault]')?.checked) body.isDefault = true;
                busy(form, async () => {
                    try {
                        const saved = l ? await patch(`/locations/${l.id}`, body) : await post('/locations', body, { idempotent: true });
                        closeDrawer();
                        toast(t(l ? 'web.locations.saved' : 'web.locations.created'), 'success');
                        // Making one the default unmarks the previous one: read them again.
                        locations = body.isDefault ? await allPages(get, '/locations', {}, ctx.signal) : locations.filter((x) => x.id !== saved.id).concat(saved);
                        render();
                        showLocation(locations.find((x) => x.id === saved.id) || saved);
                    } catch (err) { showError(err, form); }
                });
            });
            openDrawer(l ? t('web.locations.edit') : t('web.locations.new'), form);
            form.querySelector('[name=name]').focus();
        }

        // --- a room -----------------------------------------------------------------------
        function showRoom(r) {
            const l = locations.find((x) => x.id === r.locationId);
            const card = h('div.admin-card', { 'data-card': 'room', 'data-id': r.id },
                h('dl.admin-facts', null,
                    h('dt', null, t('web.locations.location')), h('dd', null, l?.name || '—'),
                    h('dt', null, t('web.catalog.status')), h('dd', null, r.active ? t('web.catalog.in_use') : t('web.catalog.not_in_use')),
                    h('dt', null, t('web.locations.hosts')), h('dd', null, r.serviceIds.length ? r.serviceIds.map((id) => h('span.chip-small', null, serviceName(id))) : t('web.locations.any_service'))),
                canEdit ? formActions(h('button.btn', { type: 'button', 'data-action': 'edit', onclick: () => roomForm(r) }, icon('edit', 'left'), t('web.catalog.edit'))) : null);
            frame.show(r.name, card, `room-${r.id}`);
        }

        function roomForm(r = null, locationId = null) {
            const picker = servicesPicker(services, r?.serviceIds || []);
            const form = h('form.admin-form', { novalidate: true, 'data-form': 'room' },
                field('name', 'web.locations.room_name', { value: r?.name, required: true, maxlength: 200 }, 'web.locations.room_name_hint'),
                selectField('locationId', 'web.locations.location', locations.filter((l) => l.active || l.id === r?.locationId).map((l) => [l.id, l.name]),
                    r?.locationId || locationId || locations.find((l) => l.isDefault)?.id),
                checkField('active', 'web.catalog.in_use', r ? r.active : true),
                h('h3.section-title', null, t('web.locations.hosts')),
                h('p.helper-text.grey-text', null, t('web.locations.hosts_hint')),
                picker.el,
                formActions(h('button.btn-flat', { type: 'button', onclick: () => closeDrawer() }, t('web.common.cancel')), submitButton()));
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                clearFieldErrors(form);
                const body = { name: str(form, 'name'), locationId: str(form, 'locationId'), active: form.querySelector('[name=active]').checked, serviceIds: picker.value() };
                busy(form, async () => {
                    try {
                        const saved = r ? await patch(`/rooms/${r.id}`, body) : await post('/rooms', body, { idempotent: true });
                        closeDrawer();
                        toast(t(r ? 'web.locations.room_saved' : 'web.locations.room_created'), 'success');
                        rooms = rooms.filter((x) => x.id !== saved.id).concat(saved);
                        render();
                        showRoom(saved);
                    } catch (err) { showError(err, form); }
                });
            });
            openDrawer(r ? t('web.locations.edit_room') : t('web.locations.new_room'), form, { wide: true });
            form.querySelector('[name=name]').focus();
        }

        const onNew = () => { if (canEdit) locationForm(); };
        newButton.addEventListener('click', onNew);
        search.addEventListener('input', () => { ctx.setQuery({ q: search.value.trim() || undefined }); render(); });
        render();
        return {
            onNew,
            onEdit: () => {
                const key = frame.shownKey();
                if (!key || !canEdit) return;
                if (key.startsWith('room-')) { const r = rooms.find((x) => `room-${x.id}` === key); if (r) roomForm(r); } else { const l = locations.find((x) => x.id === key); if (l) locationForm(l); }
            },
            onSearch: () => search.focus(),
        };
    },
};
