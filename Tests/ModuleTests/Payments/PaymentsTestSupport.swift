import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Modules
import Providers
import SQLKit
import Tenancy
import Testing
import TestSupport

/// The real provider clients pointed at the local fakes: every studio of the test has the same
/// YooKassa shop and Stripe account (the tests use one studio at a time).
struct FakePaymentProviders: PaymentProviderDirectory {
    static let transport = CurlHTTPTransport(concurrency: 8)

    var yookassa: URL?
    var stripe: URL?
    var yookassaTimeout: Duration = .seconds(30)

    func paymentProvider(_ kind: PaymentProviderKind, tenant: TenantID) async throws -> (any PaymentProvider)? {
        switch kind {
        case .yookassa:
            yookassa.map {
                YooKassaClient(
                    transport: Self.transport, credentials: .init(shopId: "506751", secretKey: "test_secret"), baseURL: $0, timeout: yookassaTimeout)
            }
        case .stripe:
            stripe.map { StripeClient(transport: Self.transport, credentials: .init(secretKey: "sk_test_123"), baseURL: $0, timeout: .seconds(30)) }
        }
    }

    func stripeWebhookSecret(tenant: TenantID) async throws -> String? { stripe == nil ? nil : FakeStripe.webhookSecret }
    func stripePublishableKey(tenant: TenantID) async throws -> String? { stripe == nil ? nil : "pk_test_123" }
}

struct PaymentBody: Decodable, Sendable {
    let id: String
    let chainId: String
    let parentId: String?
    let invoiceId: String?
    let appointmentId: String?
    let kind: String
    let provider: String
    let providerPaymentId: String?
    let status: String
    let amount: String
    let refunded: String
    let refundable: String
    let attempt: Int
    let isFallback: Bool
    let superseded: Bool
    let confirmationUrl: String?
    let payUrl: String?
    let failureReason: String?
}

struct PaymentPage: Decodable { let items: [PaymentBody] }

struct InvoiceMoney: Decodable, Sendable {
    struct Line: Decodable, Sendable {
        let id: String
        let kind: String
        let status: String
        let amount: String
    }
    let id: String
    let status: String
    let payable: String
    let paid: String
    let refunded: String
    let balance: String
    let payments: [Line]
}

/// Paying and refunding (the studio: `StudioWorld.payment`, an issued invoice of its client).
extension StudioWorld {
    /// `POST /payments` of the world's invoice with an idempotency key.
    func pay(_ client: some TestClientProtocol, amount: String? = nil, capture: Bool? = nil, key: String = UUID().uuidString) async throws
        -> TestResponse
    {
        try await client.execute(
            uri: "/api/v1/payments", method: .post, headers: [.authorization: "Bearer \(token)", .idempotencyKey: key],
            json: NewPayment(invoiceId: invoiceId, amount: amount, capture: capture))
    }

    /// `POST /payments/{id}/refunds` with an idempotency key; no body (a full refund) unless `amount` is given.
    func refund(_ client: some TestClientProtocol, _ paymentId: String, amount: String? = nil, key: String = UUID().uuidString) async throws
        -> TestResponse
    {
        let uri = "/api/v1/payments/\(paymentId)/refunds"
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json", .idempotencyKey: key]
        guard let amount else { return try await client.execute(uri: uri, method: .post, headers: headers, body: nil) }
        return try await client.execute(uri: uri, method: .post, headers: headers, json: NewRefund(amount: amount))
    }

    func invoice(_ client: some TestClientProtocol) async throws -> InvoiceMoney {
        try await client.call(.get, "/api/v1/invoices/\(invoiceId)", as: .bearer(token)).decoded(InvoiceMoney.self)
    }

    func payment(_ client: some TestClientProtocol, _ id: String) async throws -> PaymentBody {
        try await client.call(.get, "/api/v1/payments/\(id)", as: .bearer(token)).decoded(PaymentBody.self)
    }

    /// A YooKassa notification as YooKassa posts it.
    func yookassaNotification(_ client: some TestClientProtocol, event: String, objectId: String, paymentId: String? = nil) async throws
        -> TestResponse
    {
        let object = paymentId.map { #"{"id":"\#(objectId)","payment_id":"\#($0)","status":"succeeded"}"# } ?? #"{"id":"\#(objectId)","status":"succeeded"}"#
        return try await client.call(
            .post, "/api/v1/payments/yookassa/webhook/\(slug)", json: #"{"type":"notification","event":"\#(event)","object":\#(object)}"#)
    }
}

extension PaymentBody {
    /// The pay link as a request path (`/api/v1/public/…?sig=…`).
    var payPath: String? {
        guard let payUrl, let url = URLComponents(string: payUrl) else { return nil }
        return url.path + "?" + (url.percentEncodedQuery ?? "")
    }
}

struct PaymentTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

struct StoredException: Decodable {
    let kind: String
    let entityId: String
    let severity: String
}

func exceptions(_ database: Database, _ tenant: TenantID) async throws -> [StoredException] {
    try await database.sql.raw(
        "SELECT kind, entity_id, severity FROM exceptions WHERE tenant_id = \(bind: tenant) ORDER BY created_at"
    ).all(decoding: StoredException.self, keyDecodingStrategy: .convertFromSnakeCase)
}

func auditCount(_ database: Database, _ tenant: TenantID, action: String) async throws -> Int {
    try await database.sql.raw("SELECT id FROM audit_log WHERE tenant_id = \(bind: tenant) AND action = \(bind: action)").all().count
}

/// Runs the test app with both fakes connected.
func withPayments<T: Sendable>(
    yookassaTimeout: Duration = .seconds(30), yookassa connectYooKassa: Bool = true, stripe: Bool = true,
    senders: (any MessageSenderDirectory)? = nil,
    _ body: @escaping @Sendable (any TestClientProtocol, TestApp, FakeYooKassa, FakeStripe) async throws -> T
) async throws -> T {
    try await FakeYooKassa.run { yookassa in
        try await FakeStripe.run { fakeStripe in
            let providers = FakePaymentProviders(
                yookassa: connectYooKassa ? yookassa.baseURL : nil, stripe: stripe ? fakeStripe.baseURL : nil, yookassaTimeout: yookassaTimeout)
            return try await withTestApp(senders: senders, paymentProviders: providers) { client, app in
                try await body(client, app, yookassa, fakeStripe)
            }
        }
    }
}
