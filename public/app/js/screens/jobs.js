// Queue and failed jobs (owners): the depth, lag and dead count of each queue; the jobs by state
// (dead first); a dead job's error and input; retry.

import { get, post } from '../api.js';
import { t, formatInstant, number } from '../i18n.js';
import { h, icon, fill, skeleton, toast, showError } from '../ui.js';
import { masterDetail, chips, pagedList, figures, moneyBadge, label } from '../money/common.js';

const STATES = ['dead', 'failed', 'queued', 'running', 'done'];

export default {
    title: 'web.jobs.title',
    mount(root, ctx) {
        let state = ctx.query.status || 'dead';
        const stats = h('div.queue-stats', null, skeleton(2));
        async function loadStats() {
            try {
                const q = await get('/system/queue', null, { signal: ctx.signal });
                fill(stats, q.queues.map((x) => h('div.card.queue-stat', { 'data-queue': x.queue },
                    h('strong', null, label('web.jobs.queue', x.queue)),
                    h('span.grey-text', null, t('web.jobs.stat', { depth: number(x.depth), running: number(x.running), dead: number(x.dead), lag: number(x.lagSeconds, 0) })))));
            } catch (err) { showError(err); }
        }
        // Provider health (payments and messaging) over the last hour: is a provider failing right now?
        const providers = h('div.provider-health', null);
        async function loadProviders() {
            try {
                const health = await get('/system/providers', null, { signal: ctx.signal });
                if (health.providers.length === 0) return fill(providers, h('p.grey-text', { 'data-empty': true }, t('web.jobs.no_provider_calls', { n: health.windowMinutes })));
                fill(providers, h('h3.section-title', null, t('web.jobs.providers', { n: health.windowMinutes })),
                    h('div.queue-stats', null, health.providers.map((p) => h('div.card.queue-stat', { 'data-provider': p.provider, 'data-failing': String(p.failures > 0) },
                        h('strong', null, p.provider, p.failures ? h('span.red-text', null, ' ', icon('error', 'tiny')) : null),
                        h('span.grey-text', null, t('web.jobs.provider_stat', {
                            calls: number(p.calls), failures: number(p.failures),
                            rate: p.successRate === null || p.successRate === undefined ? '—' : `${number(p.successRate * 100, 1)} %`,
                            p95: p.latencyP95Ms ?? '—',
                        })),
                        p.lastFailureAt ? h('small.red-text', null, t('web.jobs.provider_last_failure', { at: formatInstant(p.lastFailureAt, 'dateTime'), kind: p.lastFailureKind || '' })) : null))));
            } catch (err) { if (err.name !== 'AbortError') showError(err); }
        }
        const row = (j) => h('a.money-row.job-row', { href: '#', 'data-job': j.id, 'data-list-item': true, onclick: (e) => { e.preventDefault(); open(j); } },
            h('span.row-main', null, h('strong', null, j.kind), ' ', h('span.grey-text', null, label('web.jobs.queue', j.queue))),
            h('span.row-side', null, h('span.grey-text', null, `${j.attempts}/${j.maxAttempts}`), moneyBadge('web.jobs.status', j.status)),
            h('span.row-sub.grey-text', null, formatInstant(j.updatedAt, 'dateTime'), j.lastError ? ` · ${j.lastError.slice(0, 80)}` : ''));
        const list = pagedList({ path: '/system/jobs', query: () => ({ status: state }), row, empty: t('web.jobs.none'), signal: ctx.signal });
        const toolbar = h('div.money-toolbar', null,
            chips('status', STATES.map((s) => ({ value: s, label: label('web.jobs.status', s) })), state, (v) => { state = v || 'dead'; ctx.setQuery({ status: state }); list.reload(); }));
        const md = masterDetail({ screen: 'jobs', toolbar, list: list.list, more: list.more, empty: t('web.jobs.pick') });
        function open(j) {
            md.showCard(j.kind, h('div.job-card', { 'data-job-card': j.id },
                h('p.card-status', null, moneyBadge('web.jobs.status', j.status), ' ', h('span.chip-small', null, label('web.jobs.queue', j.queue))),
                figures([
                    ['web.jobs.attempts', `${j.attempts}/${j.maxAttempts}`],
                    ['web.jobs.run_at', formatInstant(j.runAt, 'dateTime')],
                    ['web.jobs.created', formatInstant(j.createdAt, 'dateTime')],
                    ['web.jobs.updated', formatInstant(j.updatedAt, 'dateTime')],
                ]),
                j.lastError ? [h('h3.section-title', null, t('web.jobs.error')), h('pre.job-error', { 'data-job-error': true }, j.lastError)] : null,
                h('h3.section-title', null, t('web.jobs.payload')), h('pre.json-block', null, JSON.stringify(j.payload, null, 2)),
                ['dead', 'failed'].includes(j.status) ? h('div.card-actions', null, h('button.btn', { type: 'button', 'data-action': 'retry', onclick: async () => {
                    try { await post(`/system/jobs/${j.id}/retry`, {}); toast(t('web.jobs.retried'), 'success'); list.reload(); loadStats(); } catch (err) { showError(err); }
                } }, icon('replay', 'left'), t('web.jobs.retry'))) : null));
        }
        fill(root, h('div.jobs', null, stats, providers, md.root));
        loadStats();
        loadProviders();
        list.reload();
        return {};
    },
};
