// The calendar grid as one HTML string, set with one innerHTML: a week of 4 staff × 200
// appointments must render in well under 200 ms, so there is no per-block DOM work, no
// per-block listener (events are delegated by the screen) and no request from here.

import { t } from '../i18n.js';
import { esc } from '../ui.js';
import { hhmm } from '../tz.js';
import { STATUS_ICONS } from '../status.js';

export const SLOT_PX = 16;          // one 15-minute cell
export const SLOT_MIN = 15;

const px = (minutes, from) => ((minutes - from) / SLOT_MIN) * SLOT_PX;

/** Lays overlapping blocks side by side: each gets lane and lanes (greedy, by start). */
function assignLanes(blocks) {
    blocks.sort((a, b) => a.start - b.start || b.end - a.end);
    let cluster = [];
    let clusterEnd = -1;
    const finish = () => { const lanes = Math.max(...cluster.map((b) => b.lane)) + 1; cluster.forEach((b) => { b.lanes = lanes; }); };
    for (const block of blocks) {
        if (block.start >= clusterEnd && cluster.length) { finish(); cluster = []; }
        const used = new Set(cluster.filter((b) => b.end > block.start).map((b) => b.lane));
        let lane = 0;
        while (used.has(lane)) lane++;
        block.lane = lane;
        cluster.push(block);
        clusterEnd = Math.max(clusterEnd, block.end);
    }
    if (cluster.length) finish();
}

function badges(a, labels) {
    let out = '';
    if (a.depositStatus === 'required') out += `<i class="material-icons b-badge dep-required" title="${labels.depositRequired}">savings</i>`;
    else if (a.depositStatus === 'paid') out += `<i class="material-icons b-badge dep-paid" title="${labels.depositPaid}">savings</i>`;
    if (a.paymentStatus === 'paid') out += `<i class="material-icons b-badge pay-paid" title="${labels.paid}">payments</i>`;
    else if (a.paymentStatus === 'partially_paid') out += `<i class="material-icons b-badge pay-partial" title="${labels.partiallyPaid}">payments</i>`;
    return out;
}

function offAreas(hours, from, to) {
    // The complement of the open intervals inside [from, to], greyed; blocks hatched on top.
    let html = '';
    let cursor = from;
    for (const [a, b] of hours.open) {
        if (a > cursor) html += `<div class="cal-off" style="top:${px(cursor, from)}px;height:${px(a, cursor)}px"></div>`;
        cursor = Math.max(cursor, b);
    }
    if (cursor < to) html += `<div class="cal-off" style="top:${px(cursor, from)}px;height:${px(to, cursor)}px"></div>`;
    for (const [a, b] of hours.blocked) {
        const top = Math.max(a, from);
        const bottom = Math.min(b, to);
        if (bottom > top) html += `<div class="cal-off blocked" style="top:${px(top, from)}px;height:${px(bottom, top)}px"></div>`;
    }
    return html;
}

/**
 * model: { columns: [{ key, staffId, date, title, subtitle, color, hours, today }], blocks: Map(key → [{ a, start, end, client, service }]),
 *          range: { from, to }, nowMinutes (or null) }
 */
export function gridHtml(model) {
    const { columns, range } = model;
    const height = px(range.to, range.from);
    const labels = {
        depositRequired: esc(t('web.calendar.deposit_required')), depositPaid: esc(t('web.calendar.deposit_paid')),
        paid: esc(t('web.calendar.paid')), partiallyPaid: esc(t('web.calendar.partially_paid')),
    };
    let head = '<div class="cal-gutter-head"></div>';
    let body = '<div class="cal-gutter">';
    for (let m = range.from; m < range.to; m += 60) body += `<div class="cal-hour" style="top:${px(m, range.from)}px">${hhmm(m)}</div>`;
    body += '</div>';
    let previousDate = null;
    for (const column of columns) {
        // A week of several staff: a stronger line where a new day begins.
        const dayStart = previousDate !== null && column.date !== previousDate && columns.length > 7 ? ' day-start' : '';
        previousDate = column.date;
        head += `<div class="cal-col-head${column.today ? ' today' : ''}${dayStart}" data-col="${esc(column.key)}">`
            + `<span class="dot" style="background:${esc(column.color)}"></span><span class="cal-col-title">${esc(column.title)}</span>`
            + (column.subtitle ? `<small>${esc(column.subtitle)}</small>` : '')
            + (column.hours.dayOff ? `<small class="day-off">${esc(t('web.calendar.day_off'))}</small>` : '') + '</div>';
        body += `<div class="cal-col${column.hours.dayOff ? ' is-off' : ''}${dayStart}" data-staff="${esc(column.staffId)}" data-date="${column.date}" data-col="${esc(column.key)}" style="height:${height}px">`;
        body += offAreas(column.hours, range.from, range.to);
        const blocks = model.blocks.get(column.key) || [];
        assignLanes(blocks);
        for (const b of blocks) {
            const a = b.a;
            const top = px(Math.max(b.start, range.from), range.from);
            const h = Math.max(px(Math.min(b.end, range.to), range.from) - top, SLOT_PX);
            const width = 100 / b.lanes;
            const short = h < SLOT_PX * 3;
            body += `<div class="cal-block${short ? ' short' : ''}" data-id="${a.id}" data-status="${a.status}" tabindex="0" role="button"`
                + ` style="top:${top}px;height:${h - 2}px;left:calc(${b.lane * width}% + 2px);width:calc(${width}% - 4px)">`
                + `<div class="b-top"><i class="material-icons b-st">${STATUS_ICONS[a.status] || 'circle'}</i><span class="b-time">${hhmm(b.start)}</span>`
                + `<span class="b-client">${esc(b.client)}</span>${badges(a, labels)}</div>`
                + (short ? '' : `<div class="b-service">${esc(b.service)}</div>`) + '</div>';
        }
        if (column.today && model.nowMinutes !== null && model.nowMinutes >= range.from && model.nowMinutes <= range.to) {
            body += `<div class="cal-now" style="top:${px(model.nowMinutes, range.from)}px"></div>`;
        }
        body += '</div>';
    }
    return `<div class="cal" data-from="${range.from}" style="--cols:${columns.length}"><div class="cal-head">${head}</div><div class="cal-body">${body}</div></div>`;
}
