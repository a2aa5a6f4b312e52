// The one API client of the web app. Every request of every screen goes through api().
// - same-origin cookie session (the HttpOnly `veloria_session` cookie travels by itself);
// - X-CSRF-Token on unsafe methods (the token comes from login/register or /auth/me);
// - the SPEC §14 error body becomes an ApiError carrying code, message, fields and details;
// - money-moving POSTs get an Idempotency-Key, so a retried click never pays twice;
// - one retry on 429 after the server's Retry-After when that is short (≤ 10 s); a longer wait is
//   answered at once with the API's message, so the UI never hangs.

const BASE = '/api/v1';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_RETRY_WAIT_MS = 10_000;

let csrfToken = null;
let acceptLanguage = null;
// Called with the ApiError when a request answers 401, so the shell can send the user to sign-in.
let onUnauthorized = null;

export function setCsrfToken(token) { csrfToken = token || null; }
export function setLanguage(locale) { acceptLanguage = locale || null; }
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

/** An error answered by the API in the SPEC §14 shape (or a network failure, code `network`). */
export class ApiError extends Error {
    constructor(status, body) {
        const e = (body && body.error) || {};
        super(e.message || `HTTP ${status}`);
        this.name = 'ApiError';
        this.status = status;
        this.code = e.code || (status === 0 ? 'network' : 'http_error');
        this.fields = e.fields || {};
        this.details = e.details || {};
        this.requestId = e.requestId || null;
    }
}

function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

/** How long the server asks us to wait (ms); Infinity when longer than is worth holding a click for. */
function retryAfterMs(response) {
    const value = response.headers.get('Retry-After');
    if (!value) return 1000;
    const seconds = Number(value);
    const at = Date.parse(value);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Number.isFinite(at) ? Math.max(at - Date.now(), 0) : 1000;
    return ms <= MAX_RETRY_WAIT_MS ? ms : Infinity;
}

function buildUrl(path, query) {
    const url = new URL(BASE + path, location.origin);
    if (query) {
        for (const [key, value] of Object.entries(query)) {
            if (value === undefined || value === null || value === '') continue;
            url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
        }
    }
    // URLSearchParams writes a space as '+', which the server reads as a literal '+' (a search for
    // "Anna Petrova" found nothing); a real '+' is already '%2B', so every '+' here is a space.
    return url.pathname + url.search.replace(/\+/g, '%20');
}

/**
 * api(method, path, { body, query, idempotent, signal }) → parsed JSON (or null for 204).
 * `idempotent: true` adds an Idempotency-Key: use it on every POST that moves money or books time.
 * The same key is reused on the 429 retry, so the server sees one request.
 */
export async function api(method, path, options = {}) {
    const { body, query, idempotent = false, signal, raw = false } = options;
    const headers = { Accept: 'application/json' };
    if (acceptLanguage) headers['Accept-Language'] = acceptLanguage;
    if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (idempotent) headers['Idempotency-Key'] = crypto.randomUUID();
    let payload;
    if (body instanceof FormData) {
        payload = body;
    } else if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        payload = JSON.stringify(body);
    }
    const url = buildUrl(path, query);
    for (let attempt = 0; ; attempt++) {
        let response;
        try {
            response = await fetch(url, { method, headers, body: payload, credentials: 'same-origin', signal });
        } catch (err) {
            if (err.name === 'AbortError') throw err;
            throw new ApiError(0, { error: { code: 'network', message: err.message } });
        }
        if (response.status === 429 && attempt === 0) {
            const wait = retryAfterMs(response);
            // A long wait (an hourly sign-up limit) is not retried: the user sees the message now.
            if (wait !== Infinity) {
                await sleep(wait);
                continue;
            }
        }
        if (response.ok) {
            if (raw) return response;
            if (response.status === 204) return null;
            const text = await response.text();
            return text ? JSON.parse(text) : null;
        }
        let errorBody = null;
        try { errorBody = await response.json(); } catch { /* not JSON: keep the status only */ }
        const error = new ApiError(response.status, errorBody);
        if (response.status === 401 && onUnauthorized) onUnauthorized(error);
        throw error;
    }
}

export const get = (path, query, options = {}) => api('GET', path, { ...options, query });
export const post = (path, body, options = {}) => api('POST', path, { ...options, body });
export const patch = (path, body, options = {}) => api('PATCH', path, { ...options, body });
export const put = (path, body, options = {}) => api('PUT', path, { ...options, body });
export const del = (path, options = {}) => api('DELETE', path, options);

/** Every page of a keyset-paged list (items + nextCursor), up to `max` items. */
export async function getAll(path, query = {}, max = 2000) {
    const items = [];
    let cursor = null;
    do {
        const page = await get(path, { limit: 200, ...query, cursor });
        items.push(...page.items);
        cursor = page.nextCursor;
    } while (cursor && items.length < max);
    return items;
}
