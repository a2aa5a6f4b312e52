// Offered starts of a service for the slot engine's whole horizon (60 studio-local days), by date.

import { get } from './api.js';
import { localDate } from './studio-time.js';
import { fill, spinner, errorBanner } from './dom.js';

export const HORIZON_DAYS = 60;

/** { from, days: Map<date, [{startsAt, staffIds}]> } for `serviceId` with `staffId` (or 'any'). */
export async function loadSlots(serviceId, staffId, signal) {
    const from = localDate();
    const answer = await get('/slots', { serviceId, staffId: staffId || 'any', from, days: HORIZON_DAYS }, { signal });
    return { from, days: new Map(answer.days.filter((d) => d.starts.length).map((d) => [d.date, d.starts])) };
}

/**
 * Loads the offered starts into `state.slots` once (the day and start steps share them), showing
 * a spinner in `body` meanwhile and the error in it on failure; answers whether they are there.
 */
export async function ensureSlots(body, state, signal) {
    if (state.slots) return true;
    fill(body, spinner());
    try {
        state.slots = await loadSlots(state.service.id, state.staff.id, signal);
        return true;
    } catch (err) {
        if (err.name === 'AbortError') throw err;
        fill(body, errorBanner(err));
        return false;
    }
}
