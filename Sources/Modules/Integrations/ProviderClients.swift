import CRMCore
import Foundation
import Providers

/// The outbound side of the integrations, shared by the whole process: one HTTP transport for
/// every provider client (one thread pool, one place that speaks libcurl), the SMTP transport,
/// and where each provider is reached.
public struct ProviderClients: Sendable {
    public let http: any HTTPTransport
    public let smtp: CurlSMTPTransport
    public var endpoints: ProviderEndpoints

    public init(http: any HTTPTransport, smtp: CurlSMTPTransport, endpoints: ProviderEndpoints = ProviderEndpoints()) {
        self.http = http
        self.smtp = smtp
        self.endpoints = endpoints
    }

    /// The live transports (their thread pools start here).
    public static func live(endpoints: ProviderEndpoints = ProviderEndpoints()) -> ProviderClients {
        ProviderClients(http: CurlHTTPTransport(concurrency: 8), smtp: CurlSMTPTransport(concurrency: 4), endpoints: endpoints)
    }
}

/// A stored integration with its secrets opened: what a provider client is built from. Lives
/// only for the call that needs it.
struct OpenedIntegration: Sendable {
    let integration: Integration
    let secrets: [String: String]

    var provider: IntegrationProvider { integration.provider }
    func setting(_ name: String) -> String { integration.text(name) ?? "" }
    func secret(_ name: String) -> String { secrets[name] ?? "" }
    /// Every secret value, for scrubbing provider texts.
    var secretValues: [String] { Array(secrets.values) }
}

extension ProviderClients {
    /// The message sender of a messaging integration (nil for the payment providers).
    func sender(_ opened: OpenedIntegration, now: @escaping @Sendable () -> Date) -> (any MessageSender)? {
        switch opened.provider {
        case .smsaero: smsaero(opened)
        case .smsc: smsc(opened)
        case .mailgun: mailgun(opened)
        case .smtp: SMTPEmailSender(transport: smtp, configuration: smtpConfiguration(opened), now: now)
        case .telegram: TelegramBotSender(transport: http, credentials: .init(token: opened.secret("botToken")), baseURL: endpoints.telegram)
        case .yookassa, .stripe: nil
        }
    }

    func smsaero(_ opened: OpenedIntegration) -> SMSAeroSender {
        SMSAeroSender(
            transport: http, credentials: .init(email: opened.setting("email"), apiKey: opened.secret("apiKey"), sign: opened.setting("sign")),
            baseURL: endpoints.smsaero)
    }

    func smsc(_ opened: OpenedIntegration) -> SMSCSender {
        SMSCSender(
            transport: http,
            credentials: .init(login: opened.setting("login"), password: opened.secret("password"), sender: opened.integration.text("sender")),
            baseURL: endpoints.smsc)
    }

    func mailgun(_ opened: OpenedIntegration) -> MailgunSender {
        MailgunSender(
            transport: http,
            credentials: .init(
                apiKey: opened.secret("apiKey"), domain: opened.setting("domain"), from: opened.setting("from"),
                region: MailgunSender.Region(rawValue: opened.setting("region")) ?? .us),
            baseURL: endpoints.mailgun)
    }

    func smtpConfiguration(_ opened: OpenedIntegration) -> SMTPEmailSender.Configuration {
        let port: Int = if case .int(let port) = opened.integration.settings["port"] { Int(port) } else { 587 }
        return SMTPEmailSender.Configuration(
            server: SMTPServer(
                host: opened.setting("host"), port: port, security: SMTPServer.Security(rawValue: opened.setting("security")) ?? .startTLS,
                username: opened.integration.text("username"), password: opened.secrets["password"]),
            fromAddress: opened.setting("fromAddress"), fromName: opened.integration.text("fromName"))
    }

    func telegramAPI(token: String) -> TelegramBotAPI {
        TelegramBotAPI(transport: http, credentials: .init(token: token), baseURL: endpoints.telegram)
    }

    func yookassa(_ opened: OpenedIntegration) -> YooKassaClient {
        YooKassaClient(
            transport: http, credentials: .init(shopId: opened.setting("shopId"), secretKey: opened.secret("secretKey")), baseURL: endpoints.yookassa)
    }

    func stripe(_ opened: OpenedIntegration) -> StripeClient {
        StripeClient(transport: http, credentials: .init(secretKey: opened.secret("secretKey")), baseURL: endpoints.stripe)
    }
}
