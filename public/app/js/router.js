// Hash routing: '#/calendar', '#/clients/ID', '#/reset-password?token=…'. A hash needs no server
// route, and the emailed links of the API already point at '/#/reset-password?token=…'.
// Patterns use ':name' segments; the route table lives in routes.js.

let table = [];
let handler = null;

/** Compiles route definitions once: { path: '/clients/:id', ... } → matcher. */
export function setRoutes(routes) {
    table = routes.map((route) => {
        const names = [];
        const source = route.path.replace(/:(\w+)/g, (_, name) => { names.push(name); return '([^/]+)'; });
        return { route, names, regex: new RegExp(`^${source}$`) };
    });
}

/** Splits the current hash into path and query: '#/x/1?y=2' → { path: '/x/1', query: {y: '2'} }. */
export function parseHash(hash = location.hash) {
    const raw = hash.replace(/^#/, '') || '/';
    const [path, search = ''] = raw.split('?');
    return { path: path || '/', query: Object.fromEntries(new URLSearchParams(search)) };
}

export function match(path) {
    for (const { route, names, regex } of table) {
        const m = regex.exec(path);
        if (m) return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1])])) };
    }
    return null;
}

/** navigate('/calendar', { date: '2026-12-08' }) → sets the hash (the hashchange renders). */
export function navigate(path, query = null, { replace = false } = {}) {
    const search = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString() : '';
    const hash = `#${path}${search ? `?${search}` : ''}`;
    if (hash === location.hash) {
        if (handler) handler();
    } else if (replace) {
        history.replaceState(null, '', hash);
        if (handler) handler();
    } else {
        location.hash = hash;
    }
}

/** Updates the query of the current route without rendering again (a screen's own state, e.g. the date). */
export function setQuery(query) {
    const { path } = parseHash();
    const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
    history.replaceState(null, '', `#${path}${search ? `?${search}` : ''}`);
}

export function start(onChange) {
    handler = onChange;
    window.addEventListener('hashchange', () => handler());
    handler();
}

export function href(path, query) {
    const search = query ? new URLSearchParams(query).toString() : '';
    return `#${path}${search ? `?${search}` : ''}`;
}
