// Offered starts of a service for the slot engine's whole horizon (60 studio-local days), by date.

import { get } from './api.js';
import { localDate } from './studio-time.js';

export const HORIZON_DAYS = 60;

/** { from, days: Map<date, [{startsAt, staffIds}]> } for `serviceId` with `staffId` (or 'any'). */
export async function loadSlots(serviceId, staffId, signal) {
    const from = localDate();
    const answer = await get('/slots', { serviceId, staffId: staffId || 'any', from, days: HORIZON_DAYS }, { signal });
    return { from, days: new Map(answer.days.filter((d) => d.starts.length).map((d) => [d.date, d.starts])) };
}
