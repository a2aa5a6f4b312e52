import CRMCore
import Foundation

/// One payment provider (YooKassa primary, Stripe secondary, SPEC §6) behind one interface.
/// Every state-changing call carries an idempotency key, so a retried request after a timeout
/// never charges twice. Implementations throw `PaymentProviderError` only.
public protocol PaymentProvider: Sendable {
    /// `yookassa`, `stripe`.
    var name: String { get }

    func createPayment(_ request: PaymentRequest, idempotencyKey: String) async throws -> ProviderPayment
    /// The payment as the provider has it now: what a webhook is checked against.
    func payment(id: String) async throws -> ProviderPayment
    /// Captures a held (`waitingForCapture`) payment, all of it or `amount`.
    func capture(id: String, amount: Money?, currency: String, idempotencyKey: String) async throws -> ProviderPayment
    /// Releases a hold.
    func cancel(id: String, idempotencyKey: String) async throws -> ProviderPayment
    func refund(paymentId: String, amount: Money, currency: String, idempotencyKey: String) async throws -> ProviderRefund
    /// The refund as the provider has it now (a refund notification is checked against it).
    func refund(id: String) async throws -> ProviderRefund
}

/// What to charge.
public struct PaymentRequest: Sendable, Equatable {
    public var amount: Money
    /// ISO 4217, `RUB`.
    public var currency: String
    public var description: String
    /// Where the payer returns after the provider's page.
    public var returnURL: String
    /// False holds the money for a later capture (two-stage payment, deposits).
    public var capture: Bool
    /// Echoed back by the provider (`tenantId`, `paymentId`, `invoiceId`).
    public var metadata: [String: String]

    public init(amount: Money, currency: String, description: String, returnURL: String, capture: Bool = true, metadata: [String: String] = [:]) {
        self.amount = amount
        self.currency = currency
        self.description = description
        self.returnURL = returnURL
        self.capture = capture
        self.metadata = metadata
    }
}

/// A payment as the provider reports it.
public struct ProviderPayment: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        /// Created, waiting for the payer (or still processing).
        case pending
        /// Authorised and held; capture or cancel it.
        case waitingForCapture = "waiting_for_capture"
        case succeeded
        case cancelled
    }

    public var id: String
    public var status: Status
    public var amount: Money
    public var currency: String
    /// The page the payer is sent to (YooKassa `confirmation_url`); nil when none.
    public var confirmationURL: String?
    /// Stripe's `client_secret` for a page that confirms with Stripe.js.
    public var clientSecret: String?
    public var refundedAmount: Money?
    /// Why it was cancelled or declined, in the provider's words.
    public var failureReason: String?
    public var metadata: [String: String]
    /// The provider's answer as received, kept with the payment.
    public var raw: Data

    public init(
        id: String, status: Status, amount: Money, currency: String, confirmationURL: String? = nil, clientSecret: String? = nil,
        refundedAmount: Money? = nil, failureReason: String? = nil, metadata: [String: String] = [:], raw: Data = Data()
    ) {
        self.id = id
        self.status = status
        self.amount = amount
        self.currency = currency
        self.confirmationURL = confirmationURL
        self.clientSecret = clientSecret
        self.refundedAmount = refundedAmount
        self.failureReason = failureReason
        self.metadata = metadata
        self.raw = raw
    }
}

public struct ProviderRefund: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable { case pending, succeeded, cancelled }

    public var id: String
    public var paymentId: String
    public var status: Status
    public var amount: Money
    public var currency: String
    public var raw: Data

    public init(id: String, paymentId: String, status: Status, amount: Money, currency: String, raw: Data = Data()) {
        self.id = id
        self.paymentId = paymentId
        self.status = status
        self.amount = amount
        self.currency = currency
        self.raw = raw
    }
}

/// Why a provider call failed. The caller acts on `kind`:
/// - `declined`: the payer's bank or the provider refused this payment — another attempt with the
///   same card will not help (the fallback chain may try the secondary provider);
/// - `permanent`: the request or the account is wrong (credentials, invalid parameters, unknown
///   payment) — fix the configuration;
/// - `temporary`: timeout, connection, 5xx, 429, "still processing" — retry with the same
///   idempotency key (the provider then answers with the first result).
public struct PaymentProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable { case declined, permanent, temporary }

    public var kind: Kind
    public var provider: String
    /// The provider's error code (`invalid_request`, `card_declined`, an HTTP status).
    public var code: String?
    public var message: String
    public var retryAfter: Duration?

    public init(_ kind: Kind, provider: String, code: String? = nil, message: String, retryAfter: Duration? = nil) {
        self.kind = kind
        self.provider = provider
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "\(provider): \(kind.rawValue) (\(code ?? "no code")): \(message)" }
}

/// The shared exchange: transport failures as temporary errors, never a URL or credential in a
/// message.
enum PaymentHTTP {
    static func exchange(_ transport: any HTTPTransport, _ request: OutboundRequest, provider: String) async throws -> OutboundResponse {
        do {
            return try await transport.send(request)
        } catch let error as TransportError {
            switch error {
            case .timeout: throw PaymentProviderError(.temporary, provider: provider, code: "timeout", message: "the provider did not answer in time")
            case .connection(let detail): throw PaymentProviderError(.temporary, provider: provider, code: "connection", message: detail)
            case .tls(let detail): throw PaymentProviderError(.temporary, provider: provider, code: "tls", message: detail)
            case .invalidRequest(let detail): throw PaymentProviderError(.permanent, provider: provider, code: "invalid_request", message: detail)
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw PaymentProviderError(.temporary, provider: provider, code: "transport", message: "transport failed")
        }
    }

    /// Reads a decimal amount (`"1500.00"`, `"10.5"`) exactly, without floating point.
    static func money(_ value: Any?) -> Money? {
        guard let text = value as? String, case .success(let money) = Money.parse(text) else { return nil }
        return money
    }

    static func stringMap(_ value: Any?) -> [String: String] {
        guard let object = value as? [String: Any] else { return [:] }
        return object.compactMapValues { $0 as? String }
    }
}
