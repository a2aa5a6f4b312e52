// A staff member's calendar feed on the staff card: the private .ics subscription link her phone's
// calendar (Google, Apple, Outlook) reads, turned on, renewed (the old link stops working) or off.
// Holding the link is the access: it is shown, copied and renewed here only.

import { get, post, del } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { h, icon, fill, toast, showError, confirmDialog } from '../ui.js';

export function calendarFeedSection(staffId, { signal } = {}) {
    const box = h('div.calendar-feed', { 'data-calendar-feed': true });
    const path = `/staff/${staffId}/calendar-feed`;
    async function issue(renew) {
        if (renew && !(await confirmDialog(t('web.staff.feed_renew_confirm'), { ok: t('web.staff.feed_renew') }))) return;
        try { render(await post(path, {})); toast(t(renew ? 'web.staff.feed_renewed' : 'web.staff.feed_on'), 'success'); } catch (err) { showError(err); }
    }
    async function turnOff() {
        if (!(await confirmDialog(t('web.staff.feed_off_confirm'), { ok: t('web.staff.feed_turn_off'), danger: true }))) return;
        try { await del(path); render({ enabled: false }); toast(t('web.staff.feed_off'), 'success'); } catch (err) { showError(err); }
    }
    function render(feed) {
        box.dataset.enabled = String(!!feed.enabled);
        if (!feed.enabled) {
            fill(box, h('p.grey-text', null, t('web.staff.feed_hint')),
                h('button.btn-flat', { type: 'button', 'data-action': 'feed-on', onclick: () => issue(false) }, icon('event_available', 'left'), t('web.staff.feed_turn_on')));
            return;
        }
        const link = h('input.feed-url', { type: 'text', readonly: true, value: feed.url || '', 'aria-label': t('web.staff.feed_link'), onfocus: (e) => e.target.select() });
        fill(box,
            h('p.grey-text', null, feed.url ? t('web.staff.feed_copy_hint') : t('web.staff.feed_hidden', { at: formatInstant(feed.issuedAt, 'date') })),
            feed.url ? h('div.feed-link', null, link,
                h('button.btn-flat', { type: 'button', 'data-action': 'feed-copy', onclick: () => navigator.clipboard?.writeText(feed.url).then(() => toast(t('web.common.copied'), 'success')).catch(() => {}) }, icon('content_copy'))) : null,
            h('div.admin-actions', null,
                h('button.btn-flat', { type: 'button', 'data-action': 'feed-renew', onclick: () => issue(true) }, icon('autorenew', 'left'), t('web.staff.feed_renew')),
                h('button.btn-flat', { type: 'button', 'data-action': 'feed-off', onclick: turnOff }, icon('event_busy', 'left'), t('web.staff.feed_turn_off'))));
    }
    get(path, null, { signal }).then(render).catch((err) => { if (err.name !== 'AbortError') fill(box, h('p.grey-text', null, err.message)); });
    return box;
}
