// The frame around the screens: sidebar (fixed on a desk, a slide-out on a phone), top bar with the
// page title and the profile menu (language, sign out), and the centred card of the signed-out
// screens. The menu follows /auth/me: no permission → no item; no plan feature → a lock.

import { routes } from './routes.js';
import * as session from './session.js';
import { t, currentLocale, LOCALES, translateDom } from './i18n.js';
import { h, icon, toast, showError } from './ui.js';

let sidenav = null;

function menuItems() {
    return routes
        .filter((route) => route.menu && session.can(route.permission))
        .sort((a, b) => a.menu.order - b.menu.order);
}

/** The first route the user may open: where '/' goes for a role without the dashboard. */
export function homePath() {
    const first = menuItems().find((route) => session.has(route.feature));
    return first ? first.path : '/';
}

function sidebar(activePath) {
    const me = session.current();
    return h('ul#nav.sidenav.sidenav-fixed', { id: 'nav' },
        h('li.brand-row', null,
            h('a.brand', { href: '#/' }, h('img', { src: '/favicon.svg', alt: '' }), h('span', null, 'Veloria', h('b', null, 'CRM')))),
        h('li.studio-name', null, me.tenant.name),
        menuItems().map((route) => {
            const locked = !session.has(route.feature);
            const active = route.path === '/' ? activePath === '/' : activePath.startsWith(route.path);
            return h(`li${active ? '.active' : ''}`, null,
                h(`a.menu-item${locked ? '.locked' : ''}`, {
                    href: `#${route.path}`, 'data-menu': route.path,
                    title: locked ? t('web.upgrade.locked_hint') : null,
                }, icon(route.menu.icon), h('span', null, t(route.menu.label)), locked ? icon('lock', 'lock') : null));
        }));
}

function profileMenu(onChange) {
    const me = session.current();
    const menu = h('div.profile-menu', { hidden: true },
        h('div.profile-head', null, h('strong', null, me.user.name), h('small', null, me.user.email)),
        h('div.profile-label', null, t('web.profile.language')),
        h('div.lang-switch', null, LOCALES.map((code) => h(`button.btn-flat${code === currentLocale() ? '.selected' : ''}`, {
            type: 'button', 'data-locale': code,
            onclick: async () => {
                try { await session.switchLocale(code); onChange(); } catch (err) { showError(err); }
            },
        }, t(`web.locale.${code}`)))),
        h('a.btn-flat.profile-link', { href: '#/profile', 'data-action': 'open-profile', onclick: () => { menu.hidden = true; } }, icon('shield_person'), t('web.profile.open')),
        h('button.btn-flat.sign-out', {
            type: 'button', 'data-action': 'sign-out',
            onclick: async () => {
                try { await session.signOut(); } catch (err) { showError(err); }
                location.hash = '#/sign-in';
                toast(t('web.auth.signed_out'));
            },
        }, icon('logout'), t('web.auth.sign_out')));
    const button = h('button.btn-flat.profile-button', {
        type: 'button', 'data-action': 'profile', 'aria-label': t('web.profile.menu'),
        onclick: (event) => { event.stopPropagation(); menu.hidden = !menu.hidden; },
    }, icon('account_circle'), h('span.hide-on-small-only', null, me.user.name));
    document.addEventListener('click', (event) => { if (!menu.contains(event.target)) menu.hidden = true; });
    return h('div.profile', null, button, menu);
}

/** Renders the signed-in frame and answers the element a screen mounts into. */
export function renderApp(activePath, onLocaleChange) {
    if (sidenav) { sidenav.destroy(); sidenav = null; }
    const content = h('main#content.content', { id: 'content', tabindex: '-1' });
    const title = h('h1#page-title.page-title', { id: 'page-title' });
    const frame = h('div.app-frame', null,
        sidebar(activePath),
        h('div.app-main', null,
            h('header.topbar', null,
                h('a.sidenav-trigger.btn-flat', { href: '#!', 'data-target': 'nav', 'aria-label': t('web.menu.open') }, icon('menu')),
                title,
                h('div.topbar-actions', null, profileMenu(onLocaleChange))),
            content));
    document.getElementById('app').replaceChildren(frame);
    if (window.M) sidenav = M.Sidenav.init(frame.querySelector('.sidenav'), {});
    translateDom(frame);
    return content;
}

/** Marks the active menu item without re-rendering the frame. */
export function markActive(activePath) {
    for (const a of document.querySelectorAll('#nav [data-menu]')) {
        const path = a.dataset.menu;
        a.parentElement.classList.toggle('active', path === '/' ? activePath === '/' : activePath.startsWith(path));
    }
    // Only the phone's slide-out closes after a choice; on a desk the sidebar is fixed and stays.
    if (sidenav && sidenav.isOpen && window.matchMedia('(max-width: 992px)').matches) sidenav.close();
}

export function setTitle(text) {
    const el = document.getElementById('page-title');
    if (el) el.textContent = text;
    document.title = `${text} · VeloriaCRM`;
}

/** The signed-out frame: the brand, a card for the form, the language switch. */
export function renderPublic(onLocaleChange) {
    if (sidenav) { sidenav.destroy(); sidenav = null; }
    const card = h('div.auth-card.card');
    const frame = h('div.auth-frame', null,
        h('a.brand.auth-brand', { href: '/' }, h('img', { src: '/favicon.svg', alt: '' }), h('span', null, 'Veloria', h('b', null, 'CRM'))),
        card,
        h('div.lang-switch.auth-lang', null, LOCALES.map((code) => h(`button.btn-flat${code === currentLocale() ? '.selected' : ''}`, {
            type: 'button', 'data-locale': code, onclick: () => onLocaleChange(code),
        }, t(`web.locale.${code}`)))));
    document.getElementById('app').replaceChildren(frame);
    return card;
}
