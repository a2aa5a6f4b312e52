// The owner's export of all the studio's data (GET/POST /exports): request one, watch its
// progress (the heavy job updates it as it writes), download the ZIP while it is kept.

import { get, post } from '../api.js';
import { t, formatInstant } from '../i18n.js';
import { h, icon, skeleton, showError, fill, toast } from '../ui.js';

const POLL_MS = 1000;

function sizeText(bytes) {
    if (bytes == null) return '';
    return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function row(item) {
    const status = h('span.export-status', { 'data-status': item.status }, t(`web.exports.status.${item.status}`));
    const busy = item.status === 'queued' || item.status === 'running';
    return h('tr', { 'data-export': item.id },
        h('td.nowrap', null, formatInstant(item.createdAt, 'dateTime')),
        h('td', null, status, busy
            ? h('div.progress', { title: `${item.progress.percent} %` }, h('div.determinate', { style: `width: ${item.progress.percent}%` }))
            : null),
        h('td.grey-text', null, item.status === 'ready' ? [sizeText(item.sizeBytes), ' · ', t('web.exports.kept_until', { date: formatInstant(item.expiresAt, 'date') })]
            : item.status === 'failed' ? t(`web.exports.error.${item.error || 'internal_error'}`) : ''),
        h('td', null, item.status === 'ready'
            ? h('a.btn-flat.download', { href: `/api/v1/exports/${item.id}/download`, download: item.fileName }, icon('download'), ' ', t('web.exports.download'))
            : null));
}

export default {
    title: 'web.exports.title',
    mount(root, ctx) {
        const body = h('tbody');
        const start = h('button.btn.start-export', { type: 'button' }, icon('archive'), ' ', t('web.exports.start'));
        let timer = null;
        async function load() {
            try {
                const page = await get('/exports', null, { signal: ctx.signal });
                fill(body, ...page.items.map(row));
                if (!page.items.length) fill(body, h('tr', null, h('td.grey-text', { colspan: 4 }, t('web.exports.none'))));
                const running = page.items.some((e) => e.status === 'queued' || e.status === 'running');
                start.disabled = running;
                clearTimeout(timer);
                if (running) timer = setTimeout(load, POLL_MS);
            } catch (err) { if (err.name !== 'AbortError') showError(err); }
        }
        start.addEventListener('click', async () => {
            start.disabled = true;
            try {
                await post('/exports', null);
                toast(t('web.exports.started'));
            } catch (err) { showError(err); }
            load();
        });
        fill(root, h('div.card.exports', { 'data-screen': 'exports' },
            h('p', null, t('web.exports.intro')), start,
            h('table.striped', null, h('thead', null, h('tr', null,
                ['web.exports.when', 'web.exports.state', 'web.exports.details', ''].map((k) => h('th', null, k ? t(k) : '')))), body)));
        fill(body, h('tr', null, h('td', { colspan: 4 }, skeleton(2))));
        load();
        return { unmount() { clearTimeout(timer); } };
    },
};
