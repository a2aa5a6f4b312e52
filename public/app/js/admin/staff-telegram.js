// A staff member's Telegram account on the staff card: once linked (through a one-time link the
// studio's bot answers), the studio's Telegram Mini App shows her her day. The link is shown here
// only, works once, for an hour.

import { get, post, del } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { h, icon, fill, toast, showError, confirmDialog } from '../ui.js';

export function staffTelegramSection(staffId, { signal } = {}) {
    const box = h('div.staff-telegram', { 'data-staff-telegram': true });
    const path = `/staff/${staffId}/telegram-link`;
    async function issue() {
        try { render(await post(path, {})); } catch (err) { showError(err); }
    }
    async function unlink() {
        if (!(await confirmDialog(t('web.staff.telegram_unlink_confirm'), { ok: t('web.staff.telegram_unlink'), danger: true }))) return;
        try { await del(path); render({ linked: false }); toast(t('web.staff.telegram_unlinked'), 'success'); } catch (err) { showError(err); }
    }
    function render(link) {
        box.dataset.linked = String(!!link.linked);
        const parts = [h('p.grey-text', null, link.linked ? t('web.staff.telegram_linked', { at: link.linkedAt ? formatInstant(link.linkedAt, 'date') : '' }) : t('web.staff.telegram_hint'))];
        if (link.url) {
            parts.push(h('p', null, t('web.staff.telegram_open_hint', { at: formatInstant(link.expiresAt, 'time') })),
                h('p', null, h('a.btn', { href: link.url, target: '_blank', rel: 'noopener', 'data-telegram-link': link.url }, icon('send', 'left'), t('web.staff.telegram_open'))));
        } else if (link.token) {
            parts.push(h('p', null, t('web.staff.telegram_no_username')));
        }
        parts.push(h('div.admin-actions', null,
            h('button.btn-flat', { type: 'button', 'data-action': 'telegram-link', onclick: issue }, icon('link', 'left'), t(link.linked ? 'web.staff.telegram_relink' : 'web.staff.telegram_connect')),
            link.linked ? h('button.btn-flat', { type: 'button', 'data-action': 'telegram-unlink', onclick: unlink }, icon('link_off', 'left'), t('web.staff.telegram_unlink')) : null));
        fill(box, ...parts);
    }
    get(path, null, { signal }).then(render).catch((err) => { if (err.name !== 'AbortError') fill(box, h('p.grey-text', null, err.message)); });
    return box;
}
