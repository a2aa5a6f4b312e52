// Bulk actions on a list's selection: a checkbox per row, a bar with the count and the actions,
// and `run` that does one request per selected row in turn, showing "done of total" as it goes
// (the API has no batch endpoints; one row's refusal is shown and the rest go on).

import { t } from '../i18n.js';
import { h, icon, toast, showError } from '../ui.js';

/**
 * bulkSelection({ actions: [{ name, icon, label, onclick }], onDone }) →
 *   { bar, checkbox(item, label), selected(), run(items, work, doneKey), clear() }
 * `onclick(selected items)` starts an action; it calls `run` with the items it applies to.
 */
export function bulkSelection({ actions, onDone }) {
    const selection = new Map();
    const count = h('span.bulk-count');
    const bar = h('div.bulk-bar', { hidden: true }, count,
        ...actions.map((a) => h(`button.btn-flat.bulk-${a.name}`, { type: 'button', onclick: () => a.onclick([...selection.values()]) }, icon(a.icon), ' ', t(a.label))),
        h('button.btn-flat.bulk-clear', { type: 'button', onclick: () => clear() }, t('web.list.clear_selection')));
    function update() {
        bar.hidden = selection.size === 0;
        count.textContent = t('web.list.selected', { n: selection.size });
    }
    function clear() {
        selection.clear();
        for (const box of document.querySelectorAll('input.pick[data-pick]')) box.checked = false;
        update();
    }
    function checkbox(item, label) {
        return h('input.pick', { type: 'checkbox', 'aria-label': label, 'data-pick': item.id, checked: selection.has(item.id),
            onclick: (e) => e.stopPropagation(),
            onchange: (e) => { if (e.target.checked) selection.set(item.id, item); else selection.delete(item.id); update(); } });
    }
    /** Runs `work(item)` for each item one by one; toasts `doneKey` with how many succeeded. */
    async function run(items, work, doneKey) {
        let done = 0;
        let failed = 0;
        for (const item of items) {
            count.textContent = t('web.list.progress', { done, total: items.length });
            try { await work(item); } catch (err) { failed += 1; showError(err); }
            done += 1;
        }
        toast(t(doneKey, { n: done - failed }), failed ? 'warning' : 'success');
        clear();
        if (onDone) onDone();
    }
    return { bar, checkbox, run, clear, selected: () => [...selection.values()] };
}
