// A client's money on one page (#/clients/:id/money): wallet, personal discounts and packages.
// The same panels are meant to become tabs of the client card (js/clients/money-tabs.js).
// Another studio's client answers 404: the shell shows not-found, never data.

import { get } from '../api.js';
import { t } from '../i18n.js';
import { can } from '../session.js';
import { h, icon, fill, skeleton } from '../ui.js';
import { walletPanel, discountsPanel, packagesPanel } from '../clients/money-tabs.js';

export default {
    title: 'web.money.client_title',
    async mount(root, ctx) {
        fill(root, skeleton(6));
        const client = await get(`/clients/${ctx.params.id}`, null, { signal: ctx.signal });
        ctx.setTitle(t('web.money.client_title_named', { name: client.name }));
        fill(root, h('div.client-money', { 'data-screen': 'client-money', 'data-client': client.id },
            h('p.client-money-head', null,
                h('a.btn-flat', { href: `#/clients/${client.id}` }, icon('arrow_back', 'left'), client.name),
                can('finance.write') ? h('a.btn-flat', { href: `#/invoices?new=1&client=${client.id}`, 'data-action': 'new-invoice-for-client' }, icon('receipt', 'left'), t('web.invoices.new')) : null),
            h('div.money-panels', null,
                walletPanel(client.id, ctx),
                discountsPanel(client.id, ctx),
                packagesPanel(client.id, ctx))));
    },
};
