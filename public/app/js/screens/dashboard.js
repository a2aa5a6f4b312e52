// Home: today's and tomorrow's appointments per staff member, the week's revenue and booked hours
// beside last week, birthdays ahead and what waits for attention — one GET /dashboard.

import { get } from '../api.js';
import { t, money, number, formatInstant, formatLocalDate } from '../i18n.js';
import { h, icon, skeleton, fill } from '../ui.js';
import { statusBadge } from '../status.js';
import * as session from '../session.js';
import { loadChart, CHART_COLORS } from '../chart.js';

function delta(current, previous) {
    if (!previous) return null;
    const pct = Math.round(((current - previous) / previous) * 100);
    return h(`span.delta${pct >= 0 ? '.up' : '.down'}`, null, `${pct >= 0 ? '+' : ''}${pct}%`);
}

function figure(labelKey, value, current, previous) {
    return h('div.figure.card', null, h('div.figure-label', null, t(labelKey)),
        h('div.figure-value', null, value), h('div.figure-prev', null, t('web.dashboard.vs_last_week'), ' ', delta(current, previous)));
}

function dayColumn(day, titleKey) {
    const total = day.staff.reduce((n, s) => n + s.appointments.length, 0);
    return h('section.day-card.card', { 'data-day': day.date },
        h('header.day-head', null, h('h2', null, t(titleKey)), h('span.grey-text', null, formatLocalDate(day.date, 'weekdayLong')),
            h('span.chip-small', null, t('web.dashboard.appointments_n', { n: total }))),
        day.staff.map((member) => h('div.staff-block', null,
            h('div.staff-name', null, h('span.dot', { style: `background:${member.color}` }), member.name),
            member.appointments.length === 0
                ? h('div.grey-text.free', null, t('web.dashboard.no_appointments'))
                : h('ul.appt-list', null, member.appointments.map((a) => h('li', null,
                    h('a', { href: `#/calendar?date=${day.date}&appointment=${a.id}`, 'data-list-item': true },
                        h('span.appt-time', null, formatInstant(a.startsAt, 'time')),
                        h('span.appt-client', null, a.clientName),
                        h('span.appt-service.grey-text', null, a.serviceName)),
                    statusBadge(a.status)))))));
}

/** This week beside the last one (appointments and booked hours), drawn after the screen is up. */
async function drawWeekChart(canvas, week, signal) {
    try {
        const Chart = await loadChart();
        if (signal.aborted || !canvas.isConnected) return;
        const chart = new Chart(canvas, {
            type: 'bar',
            data: {
                labels: [t('web.dashboard.week_appointments'), t('web.dashboard.booked_hours')],
                datasets: [
                    { label: t('web.dashboard.last_week'), data: [week.previous.appointments, week.previous.bookedHours], backgroundColor: CHART_COLORS.previous },
                    { label: t('web.dashboard.this_week'), data: [week.current.appointments, week.current.bookedHours], backgroundColor: CHART_COLORS.current },
                ],
            },
            options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom' } } },
        });
        signal.addEventListener('abort', () => chart.destroy());
    } catch (err) {
        // The chart is an extra: without it the figures above still say everything.
        console.warn(err);
    }
}

export default {
    title: 'web.dashboard.title',
    async mount(root, ctx) {
        fill(root, skeleton(8));
        const data = await get('/dashboard', null, { signal: ctx.signal });
        const { week, attention } = data;
        const figures = h('div.figures', null,
            session.can('finance.read') && week.current.revenue !== undefined
                ? figure('web.dashboard.revenue', money(week.current.revenue, data.currency), Number(week.current.revenue), Number(week.previous.revenue)) : null,
            figure('web.dashboard.booked_hours', number(week.current.bookedHours, 1), week.current.bookedHours, week.previous.bookedHours),
            figure('web.dashboard.week_appointments', String(week.current.appointments), week.current.appointments, week.previous.appointments),
            attention ? h('div.figure.card', null, h('div.figure-label', null, t('web.dashboard.attention')),
                h('div.figure-value', null, String((attention.openExceptions || 0) + (attention.manualPaymentsAwaitingApproval || 0))),
                h('div.figure-prev', null, t('web.dashboard.attention_detail', { exceptions: attention.openExceptions || 0, payments: attention.manualPaymentsAwaitingApproval || 0 }))) : null);
        const birthdays = h('section.card.birthdays', null, h('h2', null, icon('cake'), t('web.dashboard.birthdays')),
            data.birthdays.length === 0 ? h('p.grey-text', null, t('web.dashboard.no_birthdays'))
                : h('ul', null, data.birthdays.map((b) => h('li', null, h('a', { href: `#/clients/${b.clientId}` }, b.name),
                    h('span.grey-text', null, ' · ', formatLocalDate(b.date, 'dateShort'), ' · ',
                        b.inDays === 0 ? t('web.dashboard.today') : t('web.dashboard.in_days', { n: b.inDays }))))));
        const canvas = h('canvas', { 'aria-label': t('web.dashboard.chart'), role: 'img' });
        const chartCard = h('section.card.week-chart', null, h('h2', null, t('web.dashboard.chart')), h('div.chart-box', null, canvas));
        fill(root, h('div.dashboard', { 'data-screen': 'dashboard' },
            h('div.week-range.grey-text', null, t('web.dashboard.week_of', { from: formatLocalDate(week.from, 'dateShort'), to: formatLocalDate(week.to, 'dateShort') })),
            figures,
            h('div.days', null, data.days[0] ? dayColumn(data.days[0], 'web.dashboard.today') : null, data.days[1] ? dayColumn(data.days[1], 'web.dashboard.tomorrow') : null),
            h('div.dashboard-bottom', null, chartCard, birthdays)));
        drawWeekChart(canvas, week, ctx.signal);
        return { onNew: () => ctx.navigate('/calendar', { new: '1' }) };
    },
};
