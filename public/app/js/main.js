// Boot and the route loop: load the session and strings, then for every hash change pick the
// route, check signed-in / permission / plan, mount the screen and unmount the previous one.
// Marks `veloria:interactive` (Performance API) when the first screen is mounted, for the tests.

import * as router from './router.js';
import { routes } from './routes.js';
import * as session from './session.js';
import { t, loadLocale } from './i18n.js';
import { setUnauthorizedHandler } from './api.js';
import { h, closeDrawer, showError, fill } from './ui.js';
import * as shell from './shell.js';
import * as keys from './keys.js';
import { upgradeCard } from './upgrade.js';

let frame = null;          // 'app' | 'public'
let mounted = null;        // { hooks, controller }
let renderCount = 0;       // guards against a slow screen mounting after the user moved on
let firstScreen = true;

function unmount() {
    closeDrawer();
    if (!mounted) return;
    mounted.controller.abort();
    try { if (mounted.hooks && mounted.hooks.unmount) mounted.hooks.unmount(); } catch (err) { console.error(err); }
    mounted = null;
}

function ensureFrame(kind, activePath) {
    if (frame === kind && document.getElementById(kind === 'app' ? 'content' : 'app')) {
        if (kind === 'app') shell.markActive(activePath);
        return kind === 'app' ? document.getElementById('content') : document.querySelector('.auth-card');
    }
    frame = kind;
    if (kind === 'app') return shell.renderApp(activePath, () => { frame = null; render(); });
    return shell.renderPublic(async (code) => { await loadLocale(code); frame = null; render(); });
}

function notFound(root) {
    shell.setTitle(t('web.not_found.title'));
    fill(root, h('div.empty-state', { 'data-screen': 'not-found' },
        h('h2', null, t('web.not_found.title')), h('p', null, t('web.not_found.text')),
        h('a.btn', { href: '#/' }, t('web.not_found.home'))));
}

async function render() {
    const ticket = ++renderCount;
    const { path, query } = router.parseHash();
    const found = router.match(path);
    const signedIn = session.signedIn();
    document.body.dataset.ready = '';

    if (found && found.route.public && signedIn && !found.route.both) {
        const next = query.next && query.next.startsWith('/') ? query.next : shell.homePath();
        return router.navigate(next.split('?')[0], Object.fromEntries(new URLSearchParams(next.split('?')[1] || '')), { replace: true });
    }
    if ((!found || !found.route.public) && !signedIn) {
        // The route asked for is kept in ?next=, so signing in lands where the link pointed.
        return router.navigate('/sign-in', path !== '/' ? { next: location.hash.slice(1) } : null, { replace: true });
    }
    if (found && path === '/' && !session.can(found.route.permission)) return router.navigate(shell.homePath(), null, { replace: true });

    unmount();
    const kind = found && found.route.public && !signedIn ? 'public' : 'app';
    const root = ensureFrame(kind, path);
    root.replaceChildren();
    window.scrollTo(0, 0);
    const controller = new AbortController();
    mounted = { hooks: null, controller };

    // Role-hidden routes answer like unknown ones; plan-locked ones explain the upgrade.
    if (!found || !session.can(found.route.permission)) {
        notFound(root);
    } else if (!session.has(found.route.feature)) {
        shell.setTitle(t('web.upgrade.title'));
        fill(root, upgradeCard(found.route.feature));
    } else {
        try {
            const module = (await found.route.load()).default;
            if (ticket !== renderCount) return;
            if (module.title) shell.setTitle(t(module.title));
            const ctx = {
                params: found.params, query, signal: controller.signal,
                navigate: router.navigate, setQuery: router.setQuery,
                setTitle: shell.setTitle, session, signedIn: async (answer) => { await session.started(answer); frame = null; },
            };
            mounted.hooks = (await module.mount(root, ctx)) || null;
        } catch (err) {
            if (err.name === 'AbortError' || ticket !== renderCount) return;
            if (err.status === 404) notFound(root);
            else { showError(err); console.error(err); }
        }
    }
    if (ticket !== renderCount) return;
    document.body.dataset.ready = path;
    if (firstScreen) {
        firstScreen = false;
        performance.mark('veloria:interactive');
    }
}

async function boot() {
    try {
        await session.load();
    } catch (err) {
        document.getElementById('app').textContent = err.message;
        throw err;
    }
    router.setRoutes(routes);
    // A request answering 401 while signed in means the session ended: back to sign-in.
    setUnauthorizedHandler(async () => {
        if (!session.signedIn()) return;
        await session.load();
        if (!session.signedIn()) { frame = null; router.navigate('/sign-in'); }
    });
    keys.install({ go: (path) => router.navigate(path), screen: () => (mounted && mounted.hooks) || null });
    router.start(render);
}

boot();
