// Message templates: one per key × channel × locale; the studio's own text or the default. The
// editor lists the placeholders the default uses; "reset to default" deletes the studio's own.

import { get, put, del } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { h, icon, fill, skeleton, toast, showError, confirmDialog, busy, clearFieldErrors } from '../ui.js';
import { masterDetail, chips, moneyBadge, label, field } from '../money/common.js';

const placeholdersOf = (text) => [...new Set((text || '').match(/\{\w+\}/g) || [])];

export default {
    title: 'web.templates.title',
    mount(root, ctx) {
        let channel = ctx.query.channel || '';
        let templates = [];
        const defaults = new Map();
        const list = h('div.money-list', { role: 'list' }, skeleton(6));
        const keyOf = (x) => `${x.key}/${x.channel}/${x.locale}`;
        const row = (x) => h('a.money-row.template-row', { href: '#', 'data-template': keyOf(x), 'data-list-item': true, onclick: (e) => { e.preventDefault(); edit(x); } },
            h('span.row-main', null, h('strong', null, label('web.templates.key', x.key))),
            h('span.row-side', null, h('span.chip-small', null, label('web.messages.channel', x.channel)), h('span.chip-small', null, x.locale.toUpperCase()), x.custom ? moneyBadge('web.templates.state', 'custom') : null),
            h('span.row-sub.grey-text', null, (x.subject ? `${x.subject} · ` : '') + x.body.slice(0, 90)));
        function draw() {
            const shown = templates.filter((x) => !channel || x.channel === channel);
            fill(list, shown.length ? shown.map(row) : h('div.empty-state', null, t('web.templates.none')));
        }
        async function load() {
            try {
                const page = await get('/message-templates', null, { signal: ctx.signal });
                templates = page.items;
                for (const x of templates) if (!x.custom) defaults.set(keyOf(x), x.body);
                draw();
            } catch (err) { showError(err); }
        }
        function edit(x) {
            const body = h('textarea.template-body', { name: 'body', 'data-template-body': true, maxlength: 4000 }, x.body);
            const subject = x.channel === 'email' ? h('input', { type: 'text', name: 'subject', id: 'tpl-subject', value: x.subject || '', maxlength: 300 }) : null;
            const known = placeholdersOf(defaults.get(keyOf(x)) || x.body);
            const form = h('form.money-form', { 'data-form': 'template' },
                h('p.card-status', null, h('span.chip-small', null, label('web.messages.channel', x.channel)), h('span.chip-small', null, x.locale.toUpperCase()),
                    moneyBadge('web.templates.state', x.custom ? 'custom' : 'default'), x.updatedAt ? h('span.grey-text', null, formatInstant(x.updatedAt, 'dateTime')) : null),
                subject ? field('web.templates.subject', subject) : null,
                h('div.input-field', null, body),
                h('p.placeholders', null, t('web.templates.placeholders'), ' ', known.map((p) => h('code', { role: 'button', tabindex: 0, 'data-placeholder': p, onclick: () => { body.setRangeText(p, body.selectionStart, body.selectionEnd, 'end'); body.focus(); } }, p))),
                h('p.grey-text', null, t('web.templates.placeholders_hint')),
                h('div.form-actions', null,
                    h('button.btn', { type: 'submit', 'data-action': 'save-template' }, icon('save', 'left'), t('web.common.save')),
                    x.custom ? h('button.btn-flat', { type: 'button', 'data-action': 'reset-template', onclick: () => reset(x) }, icon('restore', 'left'), t('web.templates.reset')) : null));
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                const payload = { body: body.value };
                if (subject) payload.subject = subject.value;
                busy(form, async () => {
                    try {
                        clearFieldErrors(form);
                        const saved = await put(`/message-templates/${x.key}/${x.channel}/${x.locale}`, payload);
                        toast(t('web.templates.saved'), 'success');
                        await load();
                        edit(saved && saved.key ? saved : { ...x, ...payload, custom: true });
                    } catch (err) { showError(err, form); }
                });
            });
            md.showCard(label('web.templates.key', x.key), form);
        }
        async function reset(x) {
            if (!await confirmDialog(t('web.templates.confirm_reset', { key: label('web.templates.key', x.key), channel: label('web.messages.channel', x.channel), locale: x.locale.toUpperCase() }), { ok: t('web.templates.reset'), danger: true })) return;
            try {
                await del(`/message-templates/${x.key}/${x.channel}/${x.locale}`);
                toast(t('web.templates.reset_ok'), 'success');
                await load();
                const fresh = templates.find((y) => keyOf(y) === keyOf(x));
                if (fresh) edit(fresh);
            } catch (err) { showError(err); }
        }
        const toolbar = h('div.money-toolbar', null, chips('channel', ['', 'sms', 'email', 'telegram'].map((v) => ({ value: v, label: v ? label('web.messages.channel', v) : t('web.money.all') })), channel, (v) => { channel = v; ctx.setQuery({ channel: v || undefined }); draw(); }));
        const md = masterDetail({ screen: 'templates', toolbar, list, more: null, empty: t('web.templates.pick') });
        fill(root, md.root);
        load();
        return {};
    },
};
