import CRMCore
import Providers

/// The providers a studio can connect (SPEC §6, §7). The raw value is the `{provider}` of
/// `/integrations/{provider}` and the `provider` column.
public enum IntegrationProvider: String, Sendable, Codable, CaseIterable {
    case smsaero, smsc, mailgun, smtp, telegram, yookassa, stripe

    /// The messaging channel the provider serves; nil for the payment providers. At most one
    /// provider per channel is enabled (a partial unique index says so too).
    public var channel: MessageChannel? {
        switch self {
        case .smsaero, .smsc: .sms
        case .mailgun, .smtp: .email
        case .telegram: .telegram
        case .yookassa, .stripe: nil
        }
    }

    /// What the API shows as the provider's channel: `sms`, `email`, `telegram` or `payments`.
    var group: String { channel?.rawValue ?? "payments" }

    /// The fields of the provider's settings, secrets included, in the order a form shows them.
    var fields: [IntegrationField] {
        switch self {
        case .smsaero:
            [.init("email", .email, required: true), .init("apiKey", .secret(.any), required: true), .init("sign", .text(64), required: true)]
        case .smsc:
            [.init("login", .text(64), required: true), .init("password", .secret(.any), required: true), .init("sender", .text(32))]
        case .mailgun:
            [
                .init("domain", .hostname, required: true), .init("apiKey", .secret(.any), required: true), .init("from", .mailbox, required: true),
                .init("region", .choice(["us", "eu"]), default: "us"),
            ]
        case .smtp:
            [
                .init("host", .hostname, required: true), .init("port", .port),
                .init("security", .choice(["none", "starttls", "tls"]), default: "starttls"),
                .init("username", .text(254)), .init("password", .secret(.any)), .init("fromAddress", .email, required: true),
                .init("fromName", .text(100)),
            ]
        case .telegram:
            [.init("botToken", .secret(.telegramToken), required: true), .init("botUsername", .learned)]
        case .yookassa:
            [.init("shopId", .digits(20), required: true), .init("secretKey", .secret(.any), required: true)]
        case .stripe:
            [
                .init("secretKey", .secret(.prefixed(["sk_", "rk_"])), required: true), .init("webhookSecret", .secret(.prefixed(["whsec_"]))),
                .init("publishableKey", .publicKey(["pk_"])),
            ]
        }
    }

    var settingFields: [IntegrationField] { fields.filter { !$0.isSecret } }
    var secretFields: [IntegrationField] { fields.filter(\.isSecret) }
}

/// One field of a provider's settings: how it is read and checked, whether it is a secret
/// (write-only, sealed at rest), required, or learned from the provider (never written by the
/// caller: the Telegram bot's username).
struct IntegrationField: Sendable {
    enum Kind: Sendable {
        case text(Int)
        case email
        /// `Studio <noreply@mg.example.com>` or a bare address.
        case mailbox
        case hostname
        case port
        case digits(Int)
        case choice([String])
        /// A key meant to be public (Stripe's publishable `pk_…`, which the payer's browser gets).
        case publicKey([String])
        case secret(SecretRule)
        case learned
    }

    enum SecretRule: Sendable {
        case any
        /// `123456789:AA…` from BotFather.
        case telegramToken
        case prefixed([String])
    }

    let name: String
    let kind: Kind
    let required: Bool
    /// Applied when a new integration leaves the field out.
    let defaultValue: String?

    init(_ name: String, _ kind: Kind, required: Bool = false, default defaultValue: String? = nil) {
        self.name = name
        self.kind = kind
        self.required = required
        self.defaultValue = defaultValue
    }

    var isSecret: Bool {
        if case .secret = kind { return true }
        return false
    }

    var isLearned: Bool {
        if case .learned = kind { return true }
        return false
    }
}
