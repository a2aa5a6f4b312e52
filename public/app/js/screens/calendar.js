// The calendar, the home of the work (UI.md): day view with a column per staff member, week view
// of one staff member, the studio's hours on a 15-minute grid, a red now-line in the studio's zone.
// Click an empty cell to book, click a block for its card, drag a block to move it. State lives in
// the hash query (?view=&date=&staff=&cancelled=) so a reload or a shared link shows the same view.

import { t, formatLocalDate } from '../i18n.js';
import { h, icon, skeleton, showError, fill } from '../ui.js';
import { localParts, todayLocal, addDays, mondayOf, isValidDate } from '../tz.js';
import { loadReference, refreshReference, loadView, ref } from '../calendar/data.js';
import { workingTime, gridRange } from '../calendar/hours.js';
import { gridHtml, SLOT_PX, SLOT_MIN } from '../calendar/grid.js';
import { openBooking } from '../calendar/booking.js';
import { openAppointment } from '../calendar/card.js';
import { enableDrag } from '../calendar/drag.js';
import { monthPicker } from '../calendar/month-picker.js';

function firstName(name) { return (name || '').split(/\s+/)[0] || '—'; }

/** The week view's choice of every staff member at once (`?staff=all`). */
const ALL = 'all';

export default {
    title: 'web.calendar.title',
    async mount(root, ctx) {
        refreshReference();
        const state = {
            view: ctx.query.view === 'week' ? 'week' : 'day',
            date: isValidDate(ctx.query.date) ? ctx.query.date : todayLocal(),
            staffId: ctx.query.staff || null,
            showCancelled: ctx.query.cancelled === '1',
            appointments: [],
            overrides: new Map(),
            range: null,
        };
        const gridHost = h('div.cal-scroll', { 'data-calendar': true });
        const dateInput = h('input.cal-date.browser-default', { type: 'date', 'aria-label': t('web.calendar.pick_date'), value: state.date });
        const month = monthPicker({ selected: () => state.date, onPick: (date) => { state.date = date; refresh(); } });
        const staffSelect = h('select.browser-default.cal-staff', { 'aria-label': t('web.calendar.staff') });
        const title = h('span.cal-title');
        const viewButtons = ['day', 'week'].map((view) => h('button.btn-flat.cal-view', { type: 'button', 'data-view': view, onclick: () => { state.view = view; refresh(); } }, t(`web.calendar.view_${view}`)));
        const cancelledBox = h('input', { type: 'checkbox', 'data-action': 'show-cancelled' });
        const toolbar = h('div.cal-toolbar', null,
            h('div.cal-nav', null,
                h('button.btn-flat', { type: 'button', 'aria-label': t('web.calendar.prev'), 'data-action': 'prev', onclick: () => step(-1) }, icon('chevron_left')),
                h('button.btn-flat.cal-today', { type: 'button', 'data-action': 'today', onclick: () => { state.date = todayLocal(); refresh(); } }, t('web.calendar.today')),
                h('button.btn-flat', { type: 'button', 'aria-label': t('web.calendar.next'), 'data-action': 'next', onclick: () => step(1) }, icon('chevron_right')),
                dateInput, h('span.cal-month-host', null, month.button, month.panel), title),
            h('div.cal-options', null,
                h('div.cal-views', null, viewButtons), staffSelect,
                h('label.cal-cancelled', null, cancelledBox, h('span', null, t('web.calendar.show_cancelled'))),
                h('button.btn.cal-new', { type: 'button', 'data-action': 'new', 'aria-label': t('web.calendar.new'), onclick: () => newBooking() }, icon('add', 'left'), h('span.cal-new-text', null, t('web.calendar.new')))));
        fill(root, h('div.calendar', { 'data-screen': 'calendar' }, toolbar, gridHost));
        fill(gridHost, skeleton(10));
        cancelledBox.checked = state.showCancelled;

        dateInput.addEventListener('change', () => { if (isValidDate(dateInput.value)) { state.date = dateInput.value; refresh(); } });
        staffSelect.addEventListener('change', () => { state.staffId = staffSelect.value; refresh(); });
        cancelledBox.addEventListener('change', () => { state.showCancelled = cancelledBox.checked; ctx.setQuery(query()); draw(); });

        function step(direction) { state.date = addDays(state.date, direction * (state.view === 'week' ? 7 : 1)); refresh(); }
        function query() { return { view: state.view === 'week' ? 'week' : null, date: state.date, staff: state.view === 'week' ? state.staffId : null, cancelled: state.showCancelled ? '1' : null }; }
        function days() {
            if (state.view === 'day') return [state.date];
            const monday = mondayOf(state.date);
            return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
        }
        /** The staff the user works with: everyone, or a specialist's own column (the API returns only hers anyway). */
        function visibleStaff() {
            const staff = ref().staff;
            const me = ctx.session.current();
            if (me.role !== 'specialist') return staff;
            const own = staff.filter((s) => s.userId === me.user.id);
            return own.length ? own : staff;
        }
        function shownStaff() {
            const staff = visibleStaff();
            // The week of every staff member: 7 × N columns, each day's staff side by side.
            if (state.view === 'day' || state.staffId === ALL) return staff;
            return staff.filter((s) => s.id === state.staffId);
        }

        let loadTicket = 0;
        async function refresh() {
            const ticket = ++loadTicket;
            ctx.setQuery(query());
            dateInput.value = state.date;
            viewButtons.forEach((b) => b.classList.toggle('selected', b.dataset.view === state.view));
            try {
                await loadReference(ctx.signal);
                const staff = visibleStaff();
                if (!state.staffId || (state.staffId !== ALL && !staff.some((s) => s.id === state.staffId))) state.staffId = staff[0] ? staff[0].id : null;
                fill(staffSelect, ...staff.map((s) => h('option', { value: s.id, selected: s.id === state.staffId }, s.name)),
                    staff.length > 1 ? h('option', { value: ALL, selected: state.staffId === ALL }, t('web.calendar.all_staff')) : null);
                staffSelect.hidden = state.view !== 'week';
                const shown = days();
                title.textContent = state.view === 'day' ? formatLocalDate(state.date, 'weekdayLong')
                    : `${formatLocalDate(shown[0], 'dateShort')} – ${formatLocalDate(shown[6], 'dateShort')}`;
                if (staff.length === 0) {
                    fill(gridHost, h('div.empty-state', { 'data-empty': 'no-staff' }, icon('group_add'), h('p', null, t('web.calendar.no_staff'))));
                    return;
                }
                const data = await loadView({ from: shown[0], to: shown[shown.length - 1], staffIds: shownStaff().map((s) => s.id), signal: ctx.signal });
                if (ticket !== loadTicket) return;
                state.appointments = data.appointments;
                state.overrides = data.overrides;
                draw();
                if (ctx.query.appointment && !state.openedFromLink) {
                    state.openedFromLink = true;
                    const appt = state.appointments.find((a) => a.id === ctx.query.appointment);
                    if (appt) openCard(appt);
                }
                if (ctx.query.new === '1' && !state.newFromLink) { state.newFromLink = true; newBooking(); }
            } catch (err) {
                if (err.name !== 'AbortError') showError(err);
            }
        }

        /** Builds the model and the grid in one pass; measures the render for the tests. */
        function draw() {
            performance.mark('veloria:calendar-render-start');
            const today = todayLocal();
            const now = localParts(new Date());
            const location = (id) => ref().locations.get(id) || null;
            const columns = [];
            for (const date of days()) {
                for (const s of shownStaff()) {
                    const key = `${s.id}|${date}`;
                    columns.push({
                        key, staffId: s.id, date, color: s.color, today: date === today,
                        title: state.view === 'day' ? s.name : formatLocalDate(date, 'weekday'),
                        subtitle: state.view === 'week' && state.staffId === ALL ? s.name : null,
                        hours: workingTime(s, location(s.locationId), date, (state.overrides.get(s.id) || []).filter((o) => o.date === date)),
                    });
                }
            }
            const keys = new Set(columns.map((c) => c.key));
            const blocks = new Map();
            const visible = [];
            for (const a of state.appointments) {
                if (a.status === 'cancelled' && !state.showCancelled) continue;
                if (a.status === 'draft' || a.status === 'expired') { if (!state.showCancelled) continue; }
                const start = localParts(a.startsAt);
                const key = `${a.staffId}|${start.date}`;
                if (!keys.has(key)) continue;
                const end = localParts(a.endsAt);
                const service = ref().services.get(a.serviceId);
                const block = { a, start: start.minutes, end: end.date === start.date ? end.minutes : 24 * 60, client: firstName(a.clientName), service: service ? service.name : '' };
                if (!blocks.has(key)) blocks.set(key, []);
                blocks.get(key).push(block);
                visible.push(a);
            }
            state.range = gridRange(columns, visible, localParts);
            gridHost.innerHTML = gridHtml({ columns, blocks, range: state.range, nowMinutes: now.minutes });
            performance.measure('veloria:calendar-render', 'veloria:calendar-render-start');
            gridHost.dataset.rendered = String(Date.now());
            scrollToWork();
        }

        let scrolled = false;
        function scrollToWork() {
            if (scrolled) return;
            scrolled = true;
            const nowLine = gridHost.querySelector('.cal-now');
            if (nowLine) gridHost.scrollTop = Math.max(0, nowLine.offsetTop - 120);
        }

        const byId = (id) => state.appointments.find((a) => a.id === id);
        const afterChange = () => refresh();
        function openCard(appt) { openAppointment(appt, { onChanged: afterChange }); }
        function newBooking(column = null, minutes = null) {
            const staffId = column ? column.dataset.staff : (state.view === 'week' && state.staffId !== ALL ? state.staffId : (visibleStaff()[0] || {}).id);
            const date = column ? column.dataset.date : state.date;
            openBooking({ staffId, date, minutes, onBooked: afterChange });
        }

        // One delegated listener for the whole grid: a block opens its card, an empty cell books.
        gridHost.addEventListener('click', (event) => {
            if (gridHost.dataset.dragging) return;
            const block = event.target.closest('.cal-block');
            if (block) { const appt = byId(block.dataset.id); if (appt) openCard(appt); return; }
            const column = event.target.closest('.cal-col');
            if (!column || !state.range) return;
            const y = event.clientY - column.getBoundingClientRect().top;
            const minutes = state.range.from + Math.floor(y / SLOT_PX) * SLOT_MIN;
            newBooking(column, minutes);
        });
        gridHost.addEventListener('keydown', (event) => {
            const block = event.target.closest('.cal-block');
            if (block && event.key === 'Enter') { const appt = byId(block.dataset.id); if (appt) openCard(appt); }
        });
        enableDrag(gridHost, { state, byId, onMoved: afterChange });

        // The now-line moves every minute (in the studio's zone).
        const timer = setInterval(() => {
            const line = gridHost.querySelector('.cal-now');
            if (!line || !state.range) return;
            line.style.top = `${((localParts(new Date()).minutes - state.range.from) / SLOT_MIN) * SLOT_PX}px`;
        }, 60_000);

        await refresh();
        return {
            unmount: () => { clearInterval(timer); month.dispose(); },
            onNew: () => newBooking(),
        };
    },
};
