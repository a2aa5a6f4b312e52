import CRMCore
import Providers

/// The payment providers a studio can connect (SPEC §6): YooKassa is the primary, Stripe the
/// secondary of the fallback chain.
public enum PaymentProviderKind: String, Sendable, Codable, CaseIterable {
    case yookassa, stripe
}

/// Finds the client of a provider a tenant configured (integration settings). The payments
/// module asks at every call, so a changed or disabled integration applies to the next attempt.
public protocol PaymentProviderDirectory: Sendable {
    /// The tenant's enabled client of `kind`; nil when the studio has not connected it or disabled it.
    func paymentProvider(_ kind: PaymentProviderKind, tenant: TenantID) async throws -> (any PaymentProvider)?
    /// The signing secret of the tenant's Stripe webhook endpoint (`whsec_…`); nil when not set.
    func stripeWebhookSecret(tenant: TenantID) async throws -> String?
    /// The studio's Stripe publishable key (`pk_…`): the payer's page confirms a PaymentIntent
    /// with Stripe.js, which needs it. nil when not set.
    func stripePublishableKey(tenant: TenantID) async throws -> String?
}

extension PaymentProviderDirectory {
    public func stripePublishableKey(tenant: TenantID) async throws -> String? { nil }
}

/// An installation without integration settings: no payment provider at all.
public struct NoPaymentProviders: PaymentProviderDirectory {
    public init() {}
    public func paymentProvider(_ kind: PaymentProviderKind, tenant: TenantID) async throws -> (any PaymentProvider)? { nil }
    public func stripeWebhookSecret(tenant: TenantID) async throws -> String? { nil }
}
