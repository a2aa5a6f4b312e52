// Services and packages: the catalogue grouped by category with a search box, package definitions
// on the second tab; create and edit in the drawer. Every role reads the catalogue; editing needs
// settings.write (the API refuses it anyway). There is no delete: `active: false` retires.

import { get, post, patch } from '../api.js';
import { t, money } from '../i18n.js';
import { h, icon, skeleton, showError, fill, openDrawer, closeDrawer, toast, busy, clearFieldErrors, confirmDialog } from '../ui.js';
import { bulkSelection } from '../lists/bulk.js';
import * as session from '../session.js';
import { field, textArea, selectField, checkField, formActions, submitButton, empty, statusChip, masterDetail, listRow, allPages } from '../admin/kit.js';

const str = (form, name) => { const el = form.querySelector(`[name="${name}"]`); return el ? el.value.trim() : ''; };
const checked = (form, name) => !!form.querySelector(`[name="${name}"]`)?.checked;
const int = (value) => (value === '' ? undefined : Number(value));

function depositText(rule) {
    if (!rule) return t('web.catalog.deposit_studio');
    if (!rule.required) return t('web.catalog.deposit_none');
    return rule.kind === 'percent' ? t('web.catalog.deposit_percent_n', { n: rule.percent }) : t('web.catalog.deposit_fixed_n', { amount: money(rule.amount) });
}

export default {
    title: 'web.catalog.title',
    async mount(root, ctx) {
        const canEdit = session.can('settings.write');
        let tab = ctx.query.tab === 'packages' ? 'packages' : 'services';
        let services = [];
        let packages = [];
        const search = h('input.search-box', { type: 'search', 'data-search': true, placeholder: t('web.catalog.search'), 'aria-label': t('web.catalog.search'), value: ctx.query.q || '' });
        const newButton = h('button.btn.btn-small.admin-new', { type: 'button', 'data-action': 'new', hidden: !canEdit, title: 'n' }, icon('add', 'left'), h('span.admin-new-label', null, t('web.catalog.new_service')));
        const tabs = h('div.admin-tabs', { role: 'tablist' },
            ['services', 'packages'].map((name) => h('button.btn-flat.admin-tab', { type: 'button', role: 'tab', 'data-tab': name, onclick: () => switchTab(name) }, t(`web.catalog.tab_${name}`))));
        // Bulk changes of services (the packages tab has none): online booking on or off, retire.
        const bulk = bulkSelection({
            actions: [
                { name: 'online-on', icon: 'public', label: 'web.catalog.bulk.online_on', onclick: (items) => bulkPatch(items, { onlineBookable: true }) },
                { name: 'online-off', icon: 'public_off', label: 'web.catalog.bulk.online_off', onclick: (items) => bulkPatch(items, { onlineBookable: false }) },
                { name: 'retire', icon: 'archive', label: 'web.catalog.bulk.retire', onclick: (items) => bulkPatch(items, { active: false }, 'web.catalog.bulk.retire_confirm') },
            ],
            onDone: async () => {
                services = await allPages(get, '/services', {}, ctx.signal);
                render();
                const shown = services.find((s) => s.id === frame.shownKey());
                if (shown) frame.show(shown.name, serviceCard(shown), shown.id);
            },
        });
        async function bulkPatch(items, change, confirmKey) {
            if (confirmKey && !(await confirmDialog(t(confirmKey, { n: items.length }), { danger: true }))) return;
            bulk.run(items, (s) => patch(`/services/${s.id}`, change), 'web.catalog.bulk.done');
        }
        const frame = masterDetail('catalog', { toolbar: h('div', null, tabs, h('div.list-toolbar', null, icon('search'), search, newButton), bulk.bar) });
        const { list } = frame;
        fill(root, frame.root);
        fill(list, skeleton(8));

        const byId = () => new Map(services.map((s) => [s.id, s]));

        // --- services -------------------------------------------------------------------
        function serviceCard(s) {
            const names = byId();
            return h('div.admin-card', { 'data-card': 'service', 'data-id': s.id },
                h('p.admin-big', null, money(s.basePrice), h('span.grey-text', null, ` · ${t('web.catalog.minutes_n', { n: s.durationMinutes })}`),
                    s.breakMinutes ? h('span.grey-text', null, ` + ${t('web.catalog.break_n', { n: s.breakMinutes })}`) : null),
                h('dl.admin-facts', null,
                    h('dt', null, t('web.catalog.category')), h('dd', null, s.category),
                    s.description ? [h('dt', null, t('web.catalog.description')), h('dd', null, s.description)] : null,
                    s.cost ? [h('dt', null, t('web.catalog.cost')), h('dd', null, money(s.cost))] : null,
                    h('dt', null, t('web.catalog.online')), h('dd', null, s.onlineBookable ? t('web.catalog.yes') : t('web.catalog.no')),
                    h('dt', null, t('web.catalog.deposit')), h('dd', null, depositText(s.depositRule)),
                    h('dt', null, t('web.catalog.upsells')), h('dd', null, s.upsellServiceIds.length ? s.upsellServiceIds.map((id) => h('span.chip-small', null, names.get(id)?.name || '…')) : '—'),
                    h('dt', null, t('web.catalog.status')), h('dd', null, s.active ? t('web.catalog.active') : t('web.catalog.inactive'))),
                canEdit ? formActions(h('button.btn', { type: 'button', 'data-action': 'edit', onclick: () => serviceForm(s) }, icon('edit', 'left'), t('web.catalog.edit'))) : null);
        }

        function serviceForm(s = null) {
            const rule = s ? s.depositRule : null;
            const ruleKind = !rule ? 'studio' : !rule.required ? 'none' : rule.kind;
            const categories = [...new Set(services.map((x) => x.category))].sort();
            const form = h('form.admin-form', { novalidate: true, 'data-form': 'service' },
                field('name', 'web.catalog.name', { value: s?.name, required: true, maxlength: 200 }),
                field('category', 'web.catalog.category', { value: s?.category, required: true, list: 'catalog-categories', maxlength: 100 }, 'web.catalog.category_hint'),
                h('datalist#catalog-categories', { id: 'catalog-categories' }, categories.map((c) => h('option', { value: c }))),
                h('div.admin-row2', null,
                    field('basePrice', 'web.catalog.price', { value: s?.basePrice, inputmode: 'decimal', required: true }, 'web.catalog.price_hint'),
                    field('cost', 'web.catalog.cost', { value: s?.cost, inputmode: 'decimal' }, 'web.catalog.cost_hint')),
                h('div.admin-row2', null,
                    field('durationMinutes', 'web.catalog.duration', { type: 'number', min: 5, max: 720, step: 5, value: s?.durationMinutes ?? 60 }, 'web.catalog.duration_hint'),
                    field('breakMinutes', 'web.catalog.break', { type: 'number', min: 0, max: 240, step: 5, value: s?.breakMinutes ?? 0 }, 'web.catalog.break_hint')),
                textArea('description', 'web.catalog.description', s?.description),
                checkField('onlineBookable', 'web.catalog.online', s ? s.onlineBookable : true, 'web.catalog.online_hint'),
                checkField('active', 'web.catalog.active', s ? s.active : true, 'web.catalog.active_hint'),
                h('h3.section-title', null, t('web.catalog.deposit')),
                h('div.admin-row2', null,
                    selectField('depositRule', 'web.catalog.deposit_rule', [['studio', t('web.catalog.deposit_studio')], ['none', t('web.catalog.deposit_none')], ['fixed', t('web.catalog.deposit_fixed')], ['percent', t('web.catalog.deposit_percent')]], ruleKind),
                    h('div', null,
                        field('depositRule.amount', 'web.catalog.deposit_amount', { value: rule?.amount, inputmode: 'decimal' }),
                        field('depositRule.percent', 'web.catalog.deposit_percent_value', { type: 'number', min: 1, max: 100, value: rule?.percent }))),
                h('h3.section-title', null, t('web.catalog.upsells')),
                h('p.helper-text.grey-text', null, t('web.catalog.upsells_hint')),
                h('input', { type: 'hidden', name: 'upsellServiceIds' }),
                h('div.services-picker.upsells', null, services.filter((x) => x.id !== s?.id && (x.active || s?.upsellServiceIds.includes(x.id))).map((x) => h('label.picker-item', null,
                    h('input', { type: 'checkbox', class: 'filled-in', value: x.id, 'data-upsell': x.id, checked: !!s?.upsellServiceIds.includes(x.id) }), h('span', null, x.name)))),
                formActions(h('button.btn-flat', { type: 'button', onclick: () => closeDrawer() }, t('web.common.cancel')), submitButton()));
            const kind = form.querySelector('select[name="depositRule"]');
            const showRule = () => {
                form.querySelector('[name="depositRule.amount"]').closest('.input-field').hidden = kind.value !== 'fixed';
                form.querySelector('[name="depositRule.percent"]').closest('.input-field').hidden = kind.value !== 'percent';
            };
            kind.addEventListener('change', showRule);
            showRule();
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                clearFieldErrors(form);
                const k = kind.value;
                const body = {
                    name: str(form, 'name'), category: str(form, 'category'),
                    basePrice: str(form, 'basePrice'), cost: str(form, 'cost') || null,
                    durationMinutes: int(str(form, 'durationMinutes')), breakMinutes: int(str(form, 'breakMinutes')) ?? 0,
                    description: str(form, 'description') || null,
                    onlineBookable: checked(form, 'onlineBookable'), active: checked(form, 'active'),
                    depositRule: k === 'studio' ? null : k === 'none' ? { required: false }
                        : k === 'fixed' ? { required: true, kind: 'fixed', amount: str(form, 'depositRule.amount') }
                            : { required: true, kind: 'percent', percent: int(str(form, 'depositRule.percent')) },
                    upsellServiceIds: [...form.querySelectorAll('[data-upsell]:checked')].map((c) => c.value),
                };
                busy(form, async () => {
                    try {
                        const saved = s ? await patch(`/services/${s.id}`, body) : await post('/services', body, { idempotent: true });
                        closeDrawer();
                        toast(t(s ? 'web.catalog.saved' : 'web.catalog.created'), 'success');
                        services = services.filter((x) => x.id !== saved.id).concat(saved);
                        renderServices();
                        frame.show(saved.name, serviceCard(saved), saved.id);
                    } catch (err) { showError(err, form); }
                });
            });
            openDrawer(s ? t('web.catalog.edit_service') : t('web.catalog.new_service'), form, { wide: true });
            form.querySelector('[name=name]').focus();
        }

        function renderServices() {
            const q = search.value.trim().toLowerCase();
            const shown = services.filter((s) => !q || s.name.toLowerCase().includes(q) || s.category.toLowerCase().includes(q))
                .sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name));
            if (services.length === 0) return fill(list, empty('web.catalog.no_services', 'spa'));
            if (shown.length === 0) return fill(list, empty('web.catalog.nothing_found', 'search'));
            const groups = new Map();
            for (const s of shown) { if (!groups.has(s.category)) groups.set(s.category, []); groups.get(s.category).push(s); }
            fill(list, [...groups.entries()].map(([category, items]) => h('div.admin-group', { 'data-category': category },
                h('div.admin-group-title', null, category, h('span.grey-text', null, ` · ${items.length}`)),
                items.map((s) => {
                    const row = listRow(s.id, () => frame.show(s.name, serviceCard(s), s.id),
                        h('span.row-main', null, s.name, statusChip(s.active), s.onlineBookable ? null : h('span.chip-small.admin-off', null, t('web.catalog.offline'))),
                        h('span.row-side', null, h('span.row-time.grey-text', null, t('web.catalog.minutes_n', { n: s.durationMinutes })), h('strong', null, money(s.basePrice))));
                    // A checkbox cannot sit inside the row's button: it goes beside it.
                    return canEdit ? h('div.admin-row-wrap', null, bulk.checkbox(s, s.name), row) : row;
                }))));
            const key = frame.shownKey();
            if (key) list.querySelector(`[data-key="${key}"]`)?.classList.add('selected');
        }

        // --- packages -------------------------------------------------------------------
        function packageCard(p) {
            const names = byId();
            return h('div.admin-card', { 'data-card': 'package', 'data-id': p.id },
                h('p.admin-big', null, money(p.price), h('span.grey-text', null, ` · ${t('web.catalog.valid_days_n', { n: p.validityDays })}`)),
                h('ul.admin-items', null, p.items.map((item) => h('li', null, h('span', null, names.get(item.serviceId)?.name || '…'), h('strong', null, `× ${item.count}`)))),
                h('p', null, p.active ? t('web.catalog.package_on_sale') : t('web.catalog.package_off_sale')),
                canEdit ? formActions(h('button.btn', { type: 'button', 'data-action': 'edit', onclick: () => packageForm(p) }, icon('edit', 'left'), t('web.catalog.edit'))) : null);
        }

        function packageForm(p = null) {
            const rows = h('div.package-items');
            const options = services.filter((s) => s.active || p?.items.some((i) => i.serviceId === s.id))
                .sort((a, b) => a.name.localeCompare(b.name)).map((s) => [s.id, `${s.name} · ${money(s.basePrice)}`]);
            const addRow = (item = { serviceId: options[0]?.[0], count: 1 }) => {
                const index = rows.children.length;
                rows.append(h('div.package-item', { 'data-item': true },
                    selectField(`items.${index}.serviceId`, 'web.catalog.service', options, item.serviceId),
                    field(`items.${index}.count`, 'web.catalog.visits', { type: 'number', min: 1, max: 1000, value: item.count }),
                    h('button.btn-flat.icon-btn', { type: 'button', 'data-action': 'remove-item', 'aria-label': t('web.catalog.remove_item'), title: t('web.catalog.remove_item'), onclick: (e) => e.currentTarget.closest('[data-item]').remove() }, icon('close'))));
            };
            (p ? p.items : [undefined]).forEach((item) => addRow(item));
            const form = h('form.admin-form', { novalidate: true, 'data-form': 'package' },
                field('name', 'web.catalog.name', { value: p?.name, required: true, maxlength: 200 }),
                h('div.admin-row2', null,
                    field('price', 'web.catalog.price', { value: p?.price, inputmode: 'decimal', required: true }, 'web.catalog.package_price_hint'),
                    field('validityDays', 'web.catalog.validity', { type: 'number', min: 1, max: 3650, value: p?.validityDays ?? 90 }, 'web.catalog.validity_hint')),
                checkField('active', 'web.catalog.package_active', p ? p.active : true, 'web.catalog.package_active_hint'),
                h('h3.section-title', null, t('web.catalog.package_items')),
                h('input', { type: 'hidden', name: 'items' }),
                rows,
                h('button.btn-flat', { type: 'button', 'data-action': 'add-item', onclick: () => addRow() }, icon('add', 'left'), t('web.catalog.add_item')),
                formActions(h('button.btn-flat', { type: 'button', onclick: () => closeDrawer() }, t('web.common.cancel')), submitButton()));
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                clearFieldErrors(form);
                // Rows are renamed in order, so the API's `items.N.…` errors land under the right row.
                [...rows.children].forEach((row, i) => {
                    row.querySelector('select').name = `items.${i}.serviceId`;
                    row.querySelector('input').name = `items.${i}.count`;
                });
                const body = {
                    name: str(form, 'name'), price: str(form, 'price'), validityDays: int(str(form, 'validityDays')), active: checked(form, 'active'),
                    items: [...rows.children].map((row) => ({ serviceId: row.querySelector('select').value, count: int(row.querySelector('input').value) })),
                };
                busy(form, async () => {
                    try {
                        const saved = p ? await patch(`/service-packages/${p.id}`, body) : await post('/service-packages', body, { idempotent: true });
                        closeDrawer();
                        toast(t(p ? 'web.catalog.saved' : 'web.catalog.package_created'), 'success');
                        packages = packages.filter((x) => x.id !== saved.id).concat(saved);
                        renderPackages();
                        frame.show(saved.name, packageCard(saved), saved.id);
                    } catch (err) { showError(err, form); }
                });
            });
            openDrawer(p ? t('web.catalog.edit_package') : t('web.catalog.new_package'), form, { wide: true });
            form.querySelector('[name=name]').focus();
        }

        function renderPackages() {
            const q = search.value.trim().toLowerCase();
            const shown = packages.filter((p) => !q || p.name.toLowerCase().includes(q)).sort((a, b) => a.name.localeCompare(b.name));
            if (packages.length === 0) return fill(list, empty('web.catalog.no_packages', 'card_giftcard'));
            if (shown.length === 0) return fill(list, empty('web.catalog.nothing_found', 'search'));
            const names = byId();
            fill(list, h('div.admin-group', null, shown.map((p) => listRow(p.id, () => frame.show(p.name, packageCard(p), p.id),
                h('span.row-main', null, p.name, p.active ? null : h('span.chip-small.admin-off', null, t('web.catalog.off_sale')),
                    h('small.grey-text.row-sub', null, p.items.map((i) => `${names.get(i.serviceId)?.name || '…'} × ${i.count}`).join(', '))),
                h('span.row-side', null, h('strong', null, money(p.price)))))));
        }

        // --- tabs, search, keys ---------------------------------------------------------
        function render() { return tab === 'services' ? renderServices() : renderPackages(); }
        function switchTab(name) {
            tab = name;
            ctx.setQuery({ tab: name === 'packages' ? 'packages' : undefined, q: search.value.trim() || undefined });
            for (const b of tabs.children) b.classList.toggle('active', b.dataset.tab === name);
            newButton.lastChild.textContent = t(name === 'services' ? 'web.catalog.new_service' : 'web.catalog.new_package');
            search.placeholder = t(name === 'services' ? 'web.catalog.search' : 'web.catalog.search_packages');
            frame.clear();
            bulk.clear();
            render();
        }
        const onNew = () => { if (canEdit) (tab === 'services' ? serviceForm() : packageForm()); };
        newButton.addEventListener('click', onNew);
        search.addEventListener('input', () => { ctx.setQuery({ tab: tab === 'packages' ? 'packages' : undefined, q: search.value.trim() || undefined }); render(); });

        [services, packages] = await Promise.all([
            allPages(get, '/services', {}, ctx.signal),
            allPages(get, '/service-packages', {}, ctx.signal),
        ]);
        switchTab(tab);
        return {
            onNew,
            onEdit: () => {
                const key = frame.shownKey();
                if (!key || !canEdit) return;
                if (tab === 'services') { const s = services.find((x) => x.id === key); if (s) serviceForm(s); } else { const p = packages.find((x) => x.id === key); if (p) packageForm(p); }
            },
            onSearch: () => search.focus(),
        };
    },
};
