// The registry re-exports every domain target, so the composition root (CRMServer) and the tests
// see each domain's public API through `import Modules`.
@_exported import Accounts
@_exported import Oversight
@_exported import Operations
@_exported import Settings
@_exported import Clients
@_exported import Catalog
@_exported import Booking
@_exported import Messaging
@_exported import Billing
@_exported import Integrations
@_exported import Dashboard
@_exported import Storefront
