// Who is signed in and what they may do, from GET /auth/me (and /plan for the required plan of a
// locked feature). The UI hides what the role lacks and locks what the plan lacks; the API still
// enforces both, so nothing here is a security boundary.

import { get, post, patch, setCsrfToken } from './api.js';
import { loadLocale, setStudio, initialLocale, loadedLocale } from './i18n.js';

let me = null;
let plan = null;

export function current() { return me; }
export function signedIn() { return me !== null; }
export function can(permission) { return !permission || (me !== null && me.permissions.includes(permission)); }
export function has(feature) { return !feature || (me !== null && me.features.includes(feature)); }

/** The minimum plan of a feature key ('veloria', 'imperium'), from /plan; null when unknown. */
export function requiredPlan(feature) {
    const entry = plan && plan.features.find((f) => f.key === feature);
    return entry ? entry.requiredPlan : null;
}

function applyMe(data) {
    me = data;
    if (data.csrfToken) setCsrfToken(data.csrfToken);
    setStudio({ timeZone: data.tenant.timezone, currency: data.tenant.currency });
}

/** Loads the session (null when signed out) and the language: the user's, else the studio's. */
export async function load() {
    try {
        const [meData, planData] = await Promise.all([get('/auth/me'), get('/plan')]);
        applyMe(meData);
        plan = planData;
    } catch (err) {
        if (err.status !== 401) throw err;
        me = null;
        plan = null;
        if (!loadedLocale()) await loadLocale(initialLocale());
        return null;
    }
    const wanted = me.user.locale || me.tenant.locale || me.locale;
    if (wanted !== loadedLocale()) await loadLocale(wanted);
    return me;
}

/** After login or register (their answer carries csrfToken), reads /auth/me for the rest. */
export async function started(authAnswer) {
    setCsrfToken(authAnswer.csrfToken);
    return load();
}

export async function signOut() {
    try {
        await post('/auth/logout');
    } finally {
        me = null;
        plan = null;
        setCsrfToken(null);
    }
}

/** Switches the language and keeps it on the user's profile (PATCH /users/{id}), so every device follows. */
export async function switchLocale(next) {
    await loadLocale(next);
    if (me) {
        const user = await patch(`/users/${me.user.id}`, { locale: next });
        me.user.locale = user.locale;
    }
}
