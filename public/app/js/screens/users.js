// Users and roles (owner, manager): the studio's accounts with their role and status; invite by
// email with a role, change the role, disable / enable, send the invitation again. Only an owner
// gives the owner and manager roles; nobody disables themselves (the API refuses both anyway).

import { get, post } from '../api.js';
import { t, formatInstant, currentLocale } from '../i18n.js';
import { h, icon, skeleton, showError, fill, openDrawer, closeDrawer, toast, busy, clearFieldErrors, confirmDialog } from '../ui.js';
import * as session from '../session.js';
import { field, selectField, formActions, submitButton, empty, masterDetail, listRow } from '../admin/kit.js';

const ROLES = ['owner', 'manager', 'specialist', 'receptionist', 'finance', 'read_only'];
const STATUSES = ['', 'active', 'invited', 'disabled'];
const str = (form, name) => { const el = form.querySelector(`[name="${name}"]`); return el ? el.value.trim() : ''; };

export default {
    title: 'web.users.title',
    async mount(root, ctx) {
        const me = session.current();
        const canInvite = session.can('users.invite');
        const canManage = session.can('users.manage');
        const assignable = ROLES.filter((r) => me.role === 'owner' || !['owner', 'manager'].includes(r));
        let status = STATUSES.includes(ctx.query.status) ? ctx.query.status : '';
        const search = h('input.search-box', { type: 'search', 'data-search': true, placeholder: t('web.users.search'), 'aria-label': t('web.users.search'), value: ctx.query.q || '' });
        const newButton = h('button.btn.btn-small.admin-new', { type: 'button', 'data-action': 'new', hidden: !canInvite }, icon('person_add', 'left'), h('span.admin-new-label', null, t('web.users.invite')));
        const chips = h('div.admin-chips', null, STATUSES.map((s) => h('button.btn-flat.admin-chip', { type: 'button', 'data-status-filter': s || 'all', onclick: () => { status = s; ctx.setQuery({ status: s || undefined }); load(true); } }, t(`web.users.filter.${s || 'all'}`))));
        const frame = masterDetail('users', { toolbar: h('div', null, h('div.list-toolbar', null, icon('search'), search, newButton), chips) });
        const more = h('button.btn-flat.load-more', { type: 'button', hidden: true, 'data-action': 'load-more' }, t('web.common.load_more'));
        frame.list.after(more);
        fill(root, frame.root);

        let users = [];
        let cursor = null;
        let ticket = 0;

        const statusBadge = (u) => h(`span.chip-small.user-status.user-${u.status}`, { 'data-user-status': u.status }, t(`web.users.status.${u.status}`));
        const roleText = (role) => t(`web.users.role.${role}`);

        function render() {
            for (const c of chips.children) c.classList.toggle('active', c.dataset.statusFilter === (status || 'all'));
            const q = search.value.trim().toLowerCase();
            const shown = users.filter((u) => !q || u.name.toLowerCase().includes(q) || (u.email || '').toLowerCase().includes(q));
            if (shown.length === 0) return fill(frame.list, empty(users.length ? 'web.catalog.nothing_found' : 'web.users.none', 'group'));
            fill(frame.list, h('div.admin-group', null, shown.map((u) => listRow(u.id, () => showCard(u),
                h('span.row-main', null, u.name, u.id === me.user.id ? h('span.chip-small', null, t('web.users.you')) : null, h('small.grey-text.row-sub', null, u.email)),
                h('span.row-side', null, h('span.grey-text', null, roleText(u.role)), ' ', statusBadge(u))))));
            const key = frame.shownKey();
            if (key) frame.list.querySelector(`[data-key="${key}"]`)?.classList.add('selected');
        }

        async function load(reset) {
            const mine = ++ticket;
            if (reset) { cursor = null; fill(frame.list, skeleton(5)); }
            try {
                const page = await get('/users', { limit: 50, cursor, 'filter[status]': status || undefined }, { signal: ctx.signal });
                if (mine !== ticket) return;
                users = reset ? page.items : users.concat(page.items);
                cursor = page.nextCursor;
                more.hidden = !cursor;
                render();
            } catch (err) { showError(err); }
        }

        function replace(saved) {
            users = users.map((u) => (u.id === saved.id ? saved : u));
            render();
            showCard(saved);
        }

        async function act(u, path, okKey, confirmKey = null) {
            if (confirmKey && !(await confirmDialog(t(confirmKey, { name: u.name }), { danger: path.endsWith('disable'), ok: t(`web.users.action.${path.split('/').pop()}`) }))) return;
            try {
                const saved = await post(`/users/${u.id}/${path}`, undefined);
                toast(t(okKey, { name: u.name, email: u.email }), 'success');
                replace(saved && saved.id ? saved : u);
            } catch (err) { showError(err); }
        }

        function showCard(u) {
            const self = u.id === me.user.id;
            const roleForm = h('form.admin-form.role-form', { novalidate: true, 'data-form': 'role' },
                selectField('role', 'web.users.role_label', (assignable.includes(u.role) ? assignable : [u.role, ...assignable]).map((r) => [r, roleText(r)]), u.role, self ? 'web.users.self_role_hint' : 'web.users.role_hint', { disabled: self || !canManage }),
                !self && canManage ? formActions(submitButton('web.users.change_role', 'change-role')) : null);
            roleForm.addEventListener('submit', async (event) => {
                event.preventDefault();
                clearFieldErrors(roleForm);
                const role = str(roleForm, 'role');
                if (role === u.role) return;
                if (!(await confirmDialog(t('web.users.confirm_role', { name: u.name, role: roleText(role) }), { ok: t('web.users.change_role') }))) return;
                busy(roleForm, async () => {
                    try {
                        const saved = await post(`/users/${u.id}/role`, { role });
                        toast(t('web.users.role_changed', { name: u.name, role: roleText(role) }), 'success');
                        replace(saved);
                    } catch (err) { showError(err, roleForm); }
                });
            });
            const actions = [];
            if (canInvite && u.status === 'invited') actions.push(h('button.btn-flat', { type: 'button', 'data-action': 'resend', onclick: () => act(u, 'invitation', 'web.users.invitation_sent') }, icon('forward_to_inbox', 'left'), t('web.users.action.invitation')));
            if (canManage && !self && u.status !== 'disabled') actions.push(h('button.btn-flat.red-text', { type: 'button', 'data-action': 'disable', onclick: () => act(u, 'disable', 'web.users.disabled', 'web.users.confirm_disable') }, icon('block', 'left'), t('web.users.action.disable')));
            if (canManage && !self && u.status === 'disabled') actions.push(h('button.btn-flat', { type: 'button', 'data-action': 'enable', onclick: () => act(u, 'enable', 'web.users.enabled') }, icon('check_circle', 'left'), t('web.users.action.enable')));
            const card = h('div.admin-card', { 'data-card': 'user', 'data-id': u.id, 'data-role': u.role, 'data-status': u.status },
                h('dl.admin-facts', null,
                    h('dt', null, t('web.users.email')), h('dd', null, u.email),
                    h('dt', null, t('web.users.phone')), h('dd', null, u.phone || '—'),
                    h('dt', null, t('web.users.status_label')), h('dd', null, statusBadge(u)),
                    h('dt', null, t('web.users.last_login')), h('dd', null, u.lastLoginAt ? formatInstant(u.lastLoginAt, 'dateTime') : '—'),
                    h('dt', null, t('web.users.since')), h('dd', null, formatInstant(u.createdAt, 'date'))),
                h('h3.section-title', null, t('web.users.role_label')),
                roleForm,
                h('p.helper-text.grey-text', null, t(`web.users.role_about.${u.role}`)),
                actions.length ? formActions(...actions) : null,
                self ? h('p.grey-text', null, t('web.users.self_hint')) : null);
            frame.show(u.name, card, u.id);
        }

        function inviteForm() {
            const form = h('form.admin-form', { novalidate: true, 'data-form': 'invite' },
                field('name', 'web.users.name', { required: true, autocomplete: 'off' }),
                field('email', 'web.users.email', { type: 'email', required: true, autocomplete: 'off' }, 'web.users.email_hint'),
                selectField('role', 'web.users.role_label', assignable.map((r) => [r, roleText(r)]), 'specialist', 'web.users.invite_role_hint'),
                field('phone', 'web.users.phone', { type: 'tel' }),
                selectField('locale', 'web.users.locale', [['ru', t('web.locale.ru')], ['en', t('web.locale.en')]], currentLocale()),
                formActions(h('button.btn-flat', { type: 'button', onclick: () => closeDrawer() }, t('web.common.cancel')), submitButton('web.users.send_invite', 'send-invite')));
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                clearFieldErrors(form);
                const body = { name: str(form, 'name'), email: str(form, 'email'), role: str(form, 'role'), phone: str(form, 'phone') || undefined, locale: str(form, 'locale') };
                busy(form, async () => {
                    try {
                        const saved = await post('/users', body, { idempotent: true });
                        closeDrawer();
                        toast(t('web.users.invited', { email: saved.email }), 'success');
                        users = [saved, ...users.filter((u) => u.id !== saved.id)];
                        render();
                        showCard(saved);
                    } catch (err) { showError(err, form); }
                });
            });
            openDrawer(t('web.users.invite'), form);
            form.querySelector('[name=name]').focus();
        }

        const onNew = () => { if (canInvite) inviteForm(); };
        newButton.addEventListener('click', onNew);
        more.addEventListener('click', () => load(false));
        search.addEventListener('input', () => { ctx.setQuery({ q: search.value.trim() || undefined, status: status || undefined }); render(); });
        await load(true);
        return { onNew, onSearch: () => search.focus() };
    },
};
