// The only client of the public storefront API (/api/v1/public/{slug}/…). No session, no cookies:
// errors arrive in the SPEC §14 shape and become an ApiError with the code, message and fields.

let base = '';
let language = 'ru';
// Inside the studio's Telegram Mini App: Telegram's initData, sent with every call (X-Telegram-Init-Data).
let telegramInitData = null;

export function useStudio(slug) { base = `/api/v1/public/${encodeURIComponent(slug)}`; }
export function useLanguage(locale) { language = locale; }
export function useTelegram(initData) { telegramInitData = initData || null; }
export function inTelegram() { return telegramInitData !== null; }

export class ApiError extends Error {
    constructor(status, body, retryAfter) {
        const error = (body && body.error) || {};
        super(error.message || `HTTP ${status}`);
        this.status = status;
        this.code = error.code || (status === 0 ? 'network' : 'unknown');
        this.fields = error.fields || {};
        this.details = error.details || {};
        this.retryAfter = retryAfter;
    }
}

async function request(method, path, { body, headers = {}, signal } = {}) {
    let response;
    try {
        response = await fetch(base + path, {
            method,
            signal,
            credentials: 'omit',
            headers: {
                Accept: 'application/json',
                'Accept-Language': language,
                ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
                ...(telegramInitData ? { 'X-Telegram-Init-Data': telegramInitData } : {}),
                ...headers,
            },
            body: body !== undefined ? JSON.stringify(body) : undefined,
        });
    } catch (err) {
        if (err.name === 'AbortError') throw err;
        throw new ApiError(0, null);
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    if (!response.ok) throw new ApiError(response.status, data, Number(response.headers.get('Retry-After')) || null);
    return data;
}

export const get = (path, query, options = {}) => {
    const search = query ? '?' + new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null)) : '';
    return request('GET', path + search, options);
};

/** POST; `idempotencyKey` is sent as the Idempotency-Key header (a retried submit books once). */
export const post = (path, body, { idempotencyKey, signal } = {}) =>
    request('POST', path, { body, signal, headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} });
