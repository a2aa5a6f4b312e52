// The route table: the one place where a screen is registered (see ../README.md).
//   path        hash path with ':name' params
//   load        () => import('./screens/<file>.js')   (loaded on first visit; no build step)
//   public      true for screens shown signed out (sign-in, sign-up, reset…)
//   permission  a permission of /auth/me: without it the route and its menu item are absent
//   feature     a plan feature key: without it the menu item shows a lock and the route an upgrade card
//   menu        { label: 'web.menu.x', icon: 'material icon name', order: n } to appear in the sidebar

export const routes = [
    { path: '/sign-in', public: true, load: () => import('./screens/sign-in.js') },
    { path: '/sign-up', public: true, load: () => import('./screens/sign-up.js') },
    { path: '/forgot-password', public: true, load: () => import('./screens/forgot-password.js') },
    { path: '/reset-password', public: true, load: () => import('./screens/reset-password.js') },
    { path: '/accept-invitation', public: true, load: () => import('./screens/accept-invitation.js') },
    { path: '/verify-email', public: true, both: true, load: () => import('./screens/verify-email.js') },

    { path: '/', permission: 'appointments.read', feature: 'dashboard.basic',
        menu: { label: 'web.menu.home', icon: 'dashboard', order: 10 }, load: () => import('./screens/dashboard.js') },
    { path: '/calendar', permission: 'appointments.read', feature: 'calendar',
        menu: { label: 'web.menu.calendar', icon: 'event', order: 20 }, load: () => import('./screens/calendar.js') },
    { path: '/waitlist', permission: 'appointments.read', feature: 'calendar',
        menu: { label: 'web.menu.waitlist', icon: 'hourglass_top', order: 25 }, load: () => import('./screens/waitlist.js') },
    { path: '/clients', permission: 'clients.read', feature: 'clients',
        menu: { label: 'web.menu.clients', icon: 'people', order: 30 }, load: () => import('./screens/clients.js') },
    { path: '/clients/:id', permission: 'clients.read', feature: 'clients', load: () => import('./screens/client-card.js') },
    // The signed-in person's own account (password, two-factor sign-in, API tokens): from the profile menu.
    { path: '/profile', load: () => import('./screens/profile.js') },
    { path: '/exports', permission: 'data.export',
        menu: { label: 'web.menu.exports', icon: 'archive', order: 92 }, load: () => import('./screens/exports.js') },
    { path: '/audit', permission: 'audit.read', feature: 'security.audit',
        menu: { label: 'web.menu.audit', icon: 'history', order: 90 }, load: () => import('./screens/audit.js') },
    // Studio setup (catalogue, staff, locations, users, settings, plan): js/screens/{catalog,staff,locations,users,settings,plan}.js
    { path: '/services', feature: 'services',
        menu: { label: 'web.menu.services', icon: 'spa', order: 60 }, load: () => import('./screens/catalog.js') },
    { path: '/staff', permission: 'appointments.read',
        menu: { label: 'web.menu.staff', icon: 'badge', order: 62 }, load: () => import('./screens/staff.js') },
    { path: '/locations', permission: 'appointments.read',
        menu: { label: 'web.menu.locations', icon: 'store', order: 64 }, load: () => import('./screens/locations.js') },
    { path: '/users', permission: 'users.read',
        menu: { label: 'web.menu.users', icon: 'manage_accounts', order: 80 }, load: () => import('./screens/users.js') },
    { path: '/settings', permission: 'settings.write',
        menu: { label: 'web.menu.settings', icon: 'settings', order: 85 }, load: () => import('./screens/settings.js') },
    { path: '/storefront', permission: 'settings.write', feature: 'storefront.basic',
        menu: { label: 'web.menu.storefront', icon: 'storefront', order: 84 }, load: () => import('./screens/storefront-settings.js') },
    { path: '/plan',
        menu: { label: 'web.menu.plan', icon: 'workspace_premium', order: 88 }, load: () => import('./screens/plan.js') },
    // Money, messages, integrations and jobs (branch web-money).
    { path: '/invoices', permission: 'finance.read', feature: 'invoices',
        menu: { label: 'web.menu.invoices', icon: 'receipt', order: 40 }, load: () => import('./screens/invoices.js') },
    { path: '/payments', permission: 'finance.read', feature: 'invoices',
        menu: { label: 'web.menu.payments', icon: 'payments', order: 42 }, load: () => import('./screens/payments.js') },
    { path: '/clients/:id/money', permission: 'clients.read', feature: 'clients', load: () => import('./screens/client-money.js') },
    { path: '/messages', permission: 'clients.read', feature: 'messages.manual',
        menu: { label: 'web.menu.messages', icon: 'forum', order: 66 }, load: () => import('./screens/messages.js') },
    { path: '/message-templates', permission: 'settings.write', feature: 'messages.manual',
        menu: { label: 'web.menu.templates', icon: 'article', order: 68 }, load: () => import('./screens/templates.js') },
    { path: '/integrations', permission: 'integrations.manage', feature: 'integrations.basic',
        menu: { label: 'web.menu.integrations', icon: 'extension', order: 82 }, load: () => import('./screens/integrations.js') },
    { path: '/jobs', permission: 'integrations.manage',
        menu: { label: 'web.menu.jobs', icon: 'pending_actions', order: 86 }, load: () => import('./screens/jobs.js') },
];
