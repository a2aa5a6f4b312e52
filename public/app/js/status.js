// Appointment statuses: their order, icon and the transitions the API allows from each (SPEC §4).
// Each appointment names the statuses its machine allows now (`nextStatuses`); this table puts them
// in the order they happen with their endpoints. The API still refuses an illegal move (409).

import { t } from './i18n.js';
import { h, icon } from './ui.js';

export const STATUS_ICONS = {
    draft: 'edit_note', pending: 'schedule', deposit_required: 'savings', confirmed: 'check_circle',
    in_progress: 'content_cut', completed: 'done_all', cancelled: 'cancel', no_show: 'person_off', expired: 'history_toggle_off',
};

// Actions in the order they happen (confirm → arrived → done), each naming its endpoint.
export const ACTIONS = {
    draft: [['pending', 'status'], ['cancelled', 'cancel']],
    pending: [['confirmed', 'confirm'], ['deposit_required', 'status'], ['cancelled', 'cancel']],
    deposit_required: [['confirmed', 'confirm'], ['cancelled', 'cancel']],
    confirmed: [['in_progress', 'start'], ['no_show', 'no-show'], ['cancelled', 'cancel']],
    in_progress: [['completed', 'complete'], ['cancelled', 'cancel']],
};

export const HOLDS_TIME = new Set(['pending', 'deposit_required', 'confirmed', 'in_progress']);
export const MOVABLE = new Set(['draft', 'pending', 'deposit_required', 'confirmed']);

export function statusLabel(status) { return t(`web.status.${status}`); }

export function statusBadge(status) {
    return h('span.badge-status', { 'data-status': status }, icon(STATUS_ICONS[status] || 'circle', 'tiny'), statusLabel(status));
}
