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

/// Where account emails (password reset, invitations) go. The messaging module supplies the
/// Mailgun and SMTP senders; until a deployment configures one, `LogEmailSender` writes them
/// to the log so a developer can follow the link.
public protocol EmailSender: Sendable {
    func send(_ message: EmailMessage) async throws
}

/// Development sender: logs the message (including its link) instead of delivering it. Never
/// configure it on a public installation, since links in the log grant access.
public struct LogEmailSender: EmailSender {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func send(_ message: EmailMessage) async throws {
        logger.notice(
            "email not delivered (MAIL_DRIVER=log)",
            metadata: ["to": .string(PIIMask.email(message.to)), "subject": .string(message.subject), "text": .string(message.text)])
    }
}
