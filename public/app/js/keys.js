// Keyboard habits for the desk (UI.md): '/' search, 'g c' calendar, 'g k' clients, 'n' new,
// 'e' edit, 'Esc' closes the card, arrows + Enter in lists. Keys are ignored while typing in a
// field (except Esc, and ArrowDown from a search box into its list).
// A screen offers 'n', 'e' and '/' through its hooks (see README.md: onNew, onEdit, onSearch).

import { closeDrawer } from './ui.js';

const SEQUENCE_MS = 1200;
let pending = null; // 'g' waiting for its second key
let pendingAt = 0;

function typing(target) {
    return target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * Arrows move the focus through the rows of a list ([data-list-item], links or buttons, so Enter
 * opens the focused one); ArrowDown from a search box enters the list.
 */
function moveInList(event) {
    const items = [...document.querySelectorAll('[data-list-item]')].filter((el) => el.offsetParent !== null);
    if (items.length === 0) return false;
    const index = items.indexOf(document.activeElement);
    const fromSearch = event.target.matches && event.target.matches('[data-search]');
    if (index === -1 && !fromSearch && typing(event.target)) return false;
    let next;
    if (index === -1) next = event.key === 'ArrowDown' ? 0 : null;
    else next = Math.min(Math.max(index + (event.key === 'ArrowDown' ? 1 : -1), 0), items.length - 1);
    if (next === null) return false;
    event.preventDefault();
    items[next].focus();
    return true;
}

/** install({ go(path), screen() → the mounted screen's hooks or null }) */
export function install({ go, screen }) {
    document.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') {
            if (closeDrawer()) event.preventDefault();
            else if (typing(event.target)) event.target.blur();
            return;
        }
        if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && !event.ctrlKey && !event.metaKey && !event.altKey) {
            if (moveInList(event)) return;
        }
        if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
        if (document.querySelector('.dialog-backdrop')) return;
        const hooks = screen() || {};
        if (pending === 'g' && Date.now() - pendingAt < SEQUENCE_MS) {
            pending = null;
            const target = { c: '/calendar', k: '/clients', h: '/' }[event.key];
            if (target) { event.preventDefault(); go(target); }
            return;
        }
        pending = null;
        switch (event.key) {
            case 'g':
                pending = 'g';
                pendingAt = Date.now();
                break;
            case '/': {
                const box = document.querySelector('[data-search]');
                if (hooks.onSearch) { event.preventDefault(); hooks.onSearch(); } else if (box) { event.preventDefault(); box.focus(); }
                break;
            }
            case 'n':
                if (hooks.onNew) { event.preventDefault(); hooks.onNew(); }
                break;
            case 'e':
                if (hooks.onEdit) { event.preventDefault(); hooks.onEdit(); }
                break;
            default:
        }
    });
}
