import Logging

/// An email to one recipient, with a plain-text part and an optional HTML part.
public struct EmailMessage: Sendable, Equatable {
    public let to: String
    public let subject: String
    public let text: String
    public let html: String?

    public init(to: String, subject: String, text: String, html: String? = nil) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }
}

/// Where account emails (password reset, invitations, email verification) go: the deployment's
/// SMTP or Mailgun sender (`MAIL_URL`), or, until one is configured, `LogEmailSender`.
public protocol EmailSender: Sendable {
    func send(_ message: EmailMessage) async throws
}

/// Without a configured sender: notes in the log that an email was not delivered — to whom
/// (masked) and its subject, never its text, since the links in it (a password reset, an
/// invitation) grant access to whoever reads the log.
public struct LogEmailSender: EmailSender {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func send(_ message: EmailMessage) async throws {
        logger.warning(
            "email not delivered: no mail sender is configured (MAIL_URL)",
            metadata: ["to": .string(PIIMask.email(message.to)), "subject": .string(message.subject)])
    }
}
