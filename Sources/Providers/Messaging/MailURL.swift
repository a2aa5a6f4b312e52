import CRMCore
import Foundation

/// The deployment's own sender of account emails (password reset, invitations, email
/// verification), from one URL-style setting, `MAIL_URL`:
///
/// - `smtp://user:password@host[:port]?from=noreply@example.com[&name=Veloria][&security=starttls|none]`
///   — STARTTLS required by default (port 587); `security=none` only for a relay on the same host
///   or private network;
/// - `smtps://user:password@host[:port]?from=…` — TLS from the first byte (port 465);
/// - `mailgun://API_KEY@mg.example.com?from=Veloria%20<noreply@mg.example.com>[&region=eu]`.
///
/// User names, passwords and keys are percent-decoded. Every problem is one clear line.
public enum MailURL: Equatable, Sendable, CustomStringConvertible {
    case smtp(SMTPEmailSender.Configuration)
    case mailgun(MailgunSender.Credentials)

    public static func parse(_ text: String) throws(MailURLError) -> MailURL {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw MailURLError("MAIL_URL is not a URL")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        guard let from = query["from"], !from.isEmpty else { throw MailURLError("MAIL_URL needs ?from= (the sender's address)") }
        guard let host = components.host, !host.isEmpty else { throw MailURLError("MAIL_URL needs a host") }
        switch scheme {
        case "smtp", "smtps":
            var security: SMTPServer.Security = scheme == "smtps" ? .implicitTLS : .startTLS
            if let given = query["security"] {
                guard scheme == "smtp", let parsed = SMTPServer.Security(rawValue: given), parsed != .implicitTLS else {
                    throw MailURLError("MAIL_URL security= must be starttls or none (smtps:// is TLS from the start)")
                }
                security = parsed
            }
            guard SMTPEmailSender.looksLikeAddress(from) else { throw MailURLError("MAIL_URL from= must be an email address") }
            let server = SMTPServer(
                host: host, port: components.port ?? (scheme == "smtps" ? 465 : 587), security: security, username: components.user,
                password: components.password)
            return .smtp(SMTPEmailSender.Configuration(server: server, fromAddress: from, fromName: query["name"]))
        case "mailgun":
            guard let key = components.user, !key.isEmpty else { throw MailURLError("MAIL_URL mailgun:// needs the API key as the user part") }
            let regionText = query["region"] ?? "us"
            guard let region = MailgunSender.Region(rawValue: regionText) else { throw MailURLError("MAIL_URL region= must be us or eu") }
            return .mailgun(MailgunSender.Credentials(apiKey: key, domain: host, from: from, region: region))
        default:
            throw MailURLError("MAIL_URL must start with smtp://, smtps:// or mailgun://")
        }
    }

    /// The sender this URL names; `mailgunBaseURL` overrides the region's API (`MAILGUN_BASE_URL`).
    public func sender(smtp: CurlSMTPTransport, http: any HTTPTransport, mailgunBaseURL: URL? = nil) -> any EmailSender {
        switch self {
        case .smtp(let configuration): SMTPEmailSender(transport: smtp, configuration: configuration)
        case .mailgun(let credentials): MailgunSender(transport: http, credentials: credentials, baseURL: mailgunBaseURL)
        }
    }

    /// For the boot log: the kind and where, never a secret.
    public var description: String {
        switch self {
        case .smtp(let configuration): "SMTP \(configuration.server.host):\(configuration.server.port) from \(configuration.fromAddress)"
        case .mailgun(let credentials): "Mailgun \(credentials.domain) (\(credentials.region.rawValue)) from \(credentials.from)"
        }
    }
}

public struct MailURLError: Error, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
