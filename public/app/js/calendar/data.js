// What the calendar reads, all requests of one view started at once (no waterfall):
// staff, services, locations and the cancellation policy (kept while the calendar is open), the view's
// appointments (each names its client: `clientName`) and each shown staff member's overrides.

import { get, getAll } from '../api.js';
import { addDays } from '../tz.js';

const reference = { loaded: null, staff: [], services: new Map(), locations: new Map(), cancellation: null };

/** Staff, services and locations are read again when the calendar is opened (they change rarely, but do). */
export function refreshReference() { reference.loaded = null; }

export function loadReference(signal) {
    if (!reference.loaded) {
        reference.loaded = Promise.all([
            getAll('/staff', { 'filter[active]': 'true' }),
            getAll('/services'),
            getAll('/locations'),
            get('/settings/cancellation').catch(() => null),
        ]).then(([staff, services, locations, cancellation]) => {
            reference.staff = staff;
            reference.services = new Map(services.map((s) => [s.id, s]));
            reference.locations = new Map(locations.map((l) => [l.id, l]));
            reference.cancellation = cancellation;
            return reference;
        }).catch((err) => { reference.loaded = null; throw err; });
    }
    return reference.loaded;
}

export function ref() { return reference; }

/**
 * The appointments of dates [from, to] (local dates, inclusive) for the given staff ids, and the
 * staff members' overrides in that range; everything in parallel.
 */
export async function loadView({ from, to, staffIds, signal }) {
    const range = { 'filter[from]': `${from}T00:00:00`, 'filter[to]': `${addDays(to, 1)}T00:00:00` };
    const staffFilter = staffIds.length === 1 ? { 'filter[staffId]': staffIds[0] } : {};
    const [appointments, overrides] = await Promise.all([
        getAll('/appointments', { ...range, ...staffFilter }, 5000),
        Promise.all(staffIds.map((id) => getAll(`/staff/${id}/overrides`, { 'filter[date][gte]': from, 'filter[date][lte]': to })
            .then((items) => [id, items]).catch(() => [id, []]))),
    ]);
    if (signal && signal.aborted) throw new DOMException('aborted', 'AbortError');
    return { appointments, overrides: new Map(overrides) };
}
