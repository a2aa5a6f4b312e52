// A tiny element builder and the page's ways of telling the client something.

import { t, has } from './i18n.js';

/** h('button.btn.primary', { 'data-action': 'x', onclick }, 'text', child…); null children are skipped. */
export function h(tag, attrs, ...children) {
    const [name, ...classes] = tag.split('.');
    const el = document.createElement(name || 'div');
    if (classes.length) el.className = classes.join(' ');
    if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
        children.unshift(attrs);
        attrs = null;
    }
    for (const [key, value] of Object.entries(attrs || {})) {
        if (value === null || value === undefined || value === false) continue;
        if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
        else if (key === 'class') el.className += (el.className ? ' ' : '') + value;
        else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
        else el.setAttribute(key, value === true ? '' : value);
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false) continue;
        el.append(child instanceof Node ? child : String(child));
    }
}

export function fill(el, ...children) {
    el.replaceChildren();
    append(el, children);
    return el;
}

export const icon = (name) => h('i.material-icons', { 'aria-hidden': 'true' }, name);

/** A short message at the bottom of the screen (text only, never HTML). */
export function toast(text, kind = 'info') {
    const node = h('span', { 'data-toast': kind }, text);
    window.M.toast({ html: node.outerHTML, classes: `sf-toast ${kind}`, displayLength: 5000 });
}

/** The field's problem in words: book.field.<code>, else the code itself. */
export function fieldProblem(code) { return has(`book.field.${code}`) ? t(`book.field.${code}`) : code; }

/** Puts each field error of an ApiError under its input (by name); answers the names it placed. */
export function showFieldErrors(form, fields) {
    for (const node of form.querySelectorAll('[data-field-error]')) node.remove();
    const placed = [];
    for (const [name, code] of Object.entries(fields || {})) {
        const input = form.querySelector(`[name="${CSS.escape(name)}"]`) || form.querySelector(`[data-field="${CSS.escape(name)}"]`);
        if (!input) continue;
        const holder = input.closest('.input-field, .sf-consent, [data-field]') || input.parentElement;
        holder.append(h('div.sf-field-error', { 'data-field-error': name, role: 'alert' }, fieldProblem(code)));
        placed.push(name);
    }
    return placed;
}

/** The API's error as a banner in `host` (the message is localized by the server). */
export function errorBanner(err) {
    const text = err.status === 0 ? t('book.error.network')
        : err.status === 429 ? t('book.error.rate_limited', { seconds: err.retryAfter || 60 })
        : err.message;
    return h('div.sf-banner.error', { role: 'alert', 'data-error': err.code || 'unknown' }, icon('error_outline'), h('span', text));
}

export const spinner = () => h('div.sf-loading', { 'aria-busy': 'true' }, h('div.progress', h('div.indeterminate')));
