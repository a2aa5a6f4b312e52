// What the calendar reads, all requests of one view started at once (no waterfall):
// staff, services, locations and the cancellation policy (kept while the calendar is open), the view's
// appointments, each shown staff member's overrides, and the clients' names.
//
// API gap: an appointment carries clientId but not the client's name, and /clients cannot be
// asked for a list of ids; so the names come from the clients list, read page by page once and
// kept, and only ids still unknown after that are read one by one (new clients of other users).

import { get, getAll } from '../api.js';
import { addDays } from '../tz.js';

const reference = { loaded: null, staff: [], services: new Map(), locations: new Map(), cancellation: null };
const clients = new Map();
let clientsLoaded = null;

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

function loadClients() {
    if (!clientsLoaded) {
        clientsLoaded = getAll('/clients', { sort: 'name' }, 5000)
            .then((items) => { for (const c of items) clients.set(c.id, c); })
            .catch((err) => {
                clientsLoaded = null;
                // A role without clients.read still sees the calendar, without names.
                if (err.status !== 403) throw err;
            });
    }
    return clientsLoaded;
}

export function client(id) { return clients.get(id) || null; }
export function rememberClient(c) { clients.set(c.id, c); }

async function fillMissingClients(appointments) {
    const missing = [...new Set(appointments.map((a) => a.clientId).filter((id) => !clients.has(id)))];
    await Promise.all(missing.slice(0, 50).map((id) => get(`/clients/${id}`).then(rememberClient).catch(() => null)));
}

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
        loadClients(),
    ]);
    if (signal && signal.aborted) throw new DOMException('aborted', 'AbortError');
    if (clientsLoaded) await fillMissingClients(appointments);
    return { appointments, overrides: new Map(overrides) };
}
