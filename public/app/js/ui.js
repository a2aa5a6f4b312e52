// Shared pieces of conduct (UI.md "Conduct of every screen"): toasts with the API's message, field
// errors under their fields (the form keeps its values), one confirm dialog that names what will
// happen, skeletons instead of blank pages, and the side drawer that holds cards and forms.

import { t, has } from './i18n.js';

/** h('div#id.card', { onclick }, child...) → an element. Children may be strings, nodes, arrays, null. */
export function h(tag, attrs, ...children) {
    const [head, ...classes] = tag.split('.');
    const [name, id] = head.split('#');
    const el = document.createElement(name || 'div');
    if (id) el.id = id;
    if (classes.length) el.className = classes.join(' ');
    if (attrs) {
        for (const [key, value] of Object.entries(attrs)) {
            if (value === undefined || value === null || value === false) continue;
            if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
            else if (key === 'dataset') Object.assign(el.dataset, value);
            else if (key === 'class') el.className += (el.className ? ' ' : '') + value;
            else if (key === 'text') el.textContent = value;
            else if (key === 'html') el.innerHTML = value;
            else el.setAttribute(key, value === true ? '' : value);
        }
    }
    append(el, children);
    return el;
}

/** Replaces an element's children; unlike el.replaceChildren, null/false children are skipped (not "null"). */
export function fill(el, ...children) {
    el.replaceChildren();
    append(el, children);
    return el;
}

function append(el, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) continue;
        if (Array.isArray(child)) append(el, child);
        else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

export function icon(name, extra = '') { return h(`i.material-icons${extra ? '.' + extra : ''}`, { 'aria-hidden': 'true' }, name); }

/** Escapes text for the few places that build HTML strings in one pass (the calendar grid). */
export function esc(text) {
    return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// --- toasts ---------------------------------------------------------------------------------

export function toast(message, kind = 'info') {
    const classes = `toast-${kind}`;
    // Materialize 1.0 takes HTML: the message (the API's words) is escaped first.
    if (window.M && M.toast) M.toast({ html: `<span data-toast="${kind}">${esc(message)}</span>`, classes, displayLength: kind === 'error' ? 6000 : 3000 });
}

/** Shows an API error: its fields under the form's inputs (when a form is given), its message in a toast. */
export function showError(err, form = null) {
    if (err && err.name === 'AbortError') return;
    clearFieldErrors(form);
    let placed = false;
    if (form && err && err.fields) placed = showFieldErrors(form, err.fields);
    const message = err && err.code === 'network' ? t('web.error.network') : (err && err.message) || t('web.error.generic');
    if (!placed || !form) toast(message, 'error');
    else toast(t('web.error.check_fields'), 'error');
    if (!(err && err.status)) console.warn(err);
}

/** fields {name: code}: the text under input[name]; `web.field.<code>` when the catalog has it. */
export function showFieldErrors(form, fields) {
    let placed = false;
    for (const [name, code] of Object.entries(fields)) {
        const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
        if (!input) continue;
        placed = true;
        input.classList.add('invalid');
        const holder = input.closest('.input-field') || input.parentElement;
        const text = has(`web.field.${code}`) ? t(`web.field.${code}`) : code;
        holder.append(h('span.field-error', { 'data-field-error': name }, text));
    }
    return placed;
}

export function clearFieldErrors(form) {
    if (!form) return;
    form.querySelectorAll('.field-error').forEach((el) => el.remove());
    form.querySelectorAll('.invalid').forEach((el) => el.classList.remove('invalid'));
}

// --- confirm --------------------------------------------------------------------------------

/** confirmDialog(text, { ok: label }) → Promise<boolean>. Esc or the backdrop answers false. */
export function confirmDialog(text, { ok = t('web.common.ok'), danger = false } = {}) {
    return new Promise((resolve) => {
        const done = (answer) => { overlay.remove(); document.removeEventListener('keydown', onKey, true); resolve(answer); };
        const onKey = (event) => { if (event.key === 'Escape') { event.stopPropagation(); done(false); } };
        const overlay = h('div.dialog-backdrop', { onclick: (event) => { if (event.target === overlay) done(false); } },
            h('div.dialog', { role: 'dialog', 'aria-modal': 'true' },
                h('p.dialog-text', null, text),
                h('div.dialog-actions', null,
                    h('button.btn-flat', { type: 'button', 'data-action': 'cancel', onclick: () => done(false) }, t('web.common.cancel')),
                    h(`button.btn${danger ? '.red.darken-2' : ''}`, { type: 'button', 'data-action': 'ok', onclick: () => done(true) }, ok))));
        document.addEventListener('keydown', onKey, true);
        document.body.append(overlay);
        overlay.querySelector('[data-action="ok"]').focus();
    });
}

// --- skeletons ------------------------------------------------------------------------------

export function skeleton(lines = 4) {
    return h('div.skeleton', { 'aria-busy': 'true' }, Array.from({ length: lines }, (_, i) => h('div.skeleton-line', { style: `width:${90 - (i % 3) * 20}%` })));
}

// --- drawer ---------------------------------------------------------------------------------

let drawerClose = null;

/**
 * openDrawer(title, content, { onClose }) → { body, close, setTitle }. One drawer at a time: opening
 * another closes the first. Esc closes it (keys.js); a phone shows it full screen (CSS).
 */
export function openDrawer(title, content, { onClose, wide = false } = {}) {
    closeDrawer();
    const titleEl = h('h2.drawer-title', null, title);
    const body = h('div.drawer-body', null, content);
    const panel = h(`aside.drawer${wide ? '.wide' : ''}`, { role: 'dialog', 'aria-label': title },
        h('header.drawer-head', null, titleEl,
            h('button.btn-flat.drawer-close', { type: 'button', 'data-t-aria': 'web.common.close', 'aria-label': t('web.common.close'), onclick: () => closeDrawer() }, icon('close'))),
        body);
    const backdrop = h('div.drawer-backdrop', { onclick: () => closeDrawer() });
    document.body.append(backdrop, panel);
    requestAnimationFrame(() => panel.classList.add('open'));
    drawerClose = () => {
        panel.remove();
        backdrop.remove();
        drawerClose = null;
        if (onClose) onClose();
    };
    return { body, panel, close: closeDrawer, setTitle: (text) => { titleEl.textContent = text; } };
}

export function closeDrawer() {
    if (!drawerClose) return false;
    drawerClose();
    return true;
}

export function drawerOpen() { return drawerClose !== null; }

/** Reads a form's named inputs into an object; empty strings become undefined (not sent). */
export function formValues(form) {
    const values = {};
    for (const el of form.elements) {
        if (!el.name || el.disabled) continue;
        if (el.type === 'checkbox') values[el.name] = el.checked;
        else if (el.value !== '') values[el.name] = el.value;
    }
    return values;
}

/** Disables a form's buttons while a request runs, so one click is one request. */
export async function busy(form, work) {
    const buttons = form ? [...form.querySelectorAll('button')] : [];
    buttons.forEach((b) => { b.disabled = true; });
    try {
        return await work();
    } finally {
        buttons.forEach((b) => { b.disabled = false; });
    }
}
