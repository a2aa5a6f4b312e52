import CCurl
import CRMCore
import Foundation

/// Email over any SMTP server (the tenant's own mailbox, a relay) through `CurlSMTPTransport`:
/// a MIME message with a text and an optional HTML part. The server's acceptance is all SMTP
/// reports, so the receipt says `sent` and there is no status API. The provider message id is
/// the Message-ID header we generated.
public struct SMTPEmailSender: MessageSender, EmailSender {
    public struct Configuration: Sendable, Equatable, CustomStringConvertible {
        public var server: SMTPServer
        /// The envelope sender and From address.
        public var fromAddress: String
        public var fromName: String?

        public init(server: SMTPServer, fromAddress: String, fromName: String? = nil) {
            self.server = server
            self.fromAddress = fromAddress
            self.fromName = fromName
        }

        public var description: String { "SMTPEmailSender.Configuration(\(server), from: \(fromAddress))" }
    }

    public let provider = "smtp"
    public let channel = MessageChannel.email
    let transport: CurlSMTPTransport
    let configuration: Configuration
    let now: @Sendable () -> Date

    public init(transport: CurlSMTPTransport, configuration: Configuration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.transport = transport
        self.configuration = configuration
        self.now = now
    }

    public func send(_ message: OutboundMessage) async throws -> MessageReceipt {
        guard case .email(let address) = message.recipient else { throw ProviderHTTP.wrongRecipient(message, provider: provider, expected: .email) }
        guard Self.looksLikeAddress(address) else { throw MessageSendError(.badRecipient, provider: provider, message: "not an email address") }
        guard Self.looksLikeAddress(configuration.fromAddress) else {
            throw MessageSendError(.invalidRequest, provider: provider, message: "the From address is not an email address")
        }
        let domain = configuration.fromAddress.split(separator: "@").last.map(String.init) ?? "localhost"
        let messageId = "\(UUID().uuidString.lowercased())@\(domain)"
        let mime = MIMEMessage(
            fromAddress: configuration.fromAddress, fromName: configuration.fromName, to: address, subject: message.subject ?? "", text: message.text,
            html: message.html, date: now(), messageId: messageId)
        do {
            try await transport.send(from: configuration.fromAddress, recipients: [address], message: mime.rendered(), via: configuration.server)
        } catch let error as SMTPTransportError {
            throw Self.failure(error, provider: provider)
        }
        return MessageReceipt(provider: provider, providerMessageId: messageId, status: .sent)
    }

    /// Account email (password reset, invitations).
    public func send(_ message: EmailMessage) async throws {
        _ = try await send(OutboundMessage.email(to: message.to, subject: message.subject, text: message.text, html: message.html))
    }

    public func status(providerMessageId: String) async throws -> DeliveryStatus? { nil }

    /// Connects, authenticates and says NOOP without sending (the integration check); fails with
    /// the same reasons as a submission (wrong password → `authRejected`, no server → `connection`).
    public func verifyConnection() async throws {
        do {
            try await transport.verify(configuration.server)
        } catch let error as SMTPTransportError {
            throw Self.failure(error, provider: provider)
        }
    }

    /// Reply codes decide where there is one (5xx permanent, 4xx temporary, RFC 5321); without a
    /// reply, libcurl's code does (connection and timeout are temporary).
    static func failure(_ error: SMTPTransportError, provider: String) -> MessageSendError {
        let code = CURLcode(rawValue: UInt32(error.curlCode))
        let reply = error.replyCode
        let replyText = reply > 0 ? String(reply) : nil
        let reason: MessageSendError.Reason
        switch (code, reply) {
        case (CURLE_OPERATION_TIMEDOUT, _): reason = .timeout
        case (CURLE_LOGIN_DENIED, _), (_, 530), (_, 534), (_, 535), (_, 538): reason = .authRejected
        case (CURLE_USE_SSL_FAILED, _): reason = .invalidRequest  // STARTTLS required but not offered: configuration
        case (_, 400...499): reason = .providerUnavailable
        // libcurl names the failed step: "RCPT failed: 550" is the recipient, MAIL or DATA is policy.
        case (_, 500...599) where error.detail.uppercased().contains("RCPT"): reason = .badRecipient
        case (_, 500...504): reason = .invalidRequest
        case (_, 505...599): reason = .blocked
        case (CURLE_COULDNT_CONNECT, _), (CURLE_COULDNT_RESOLVE_HOST, _), (CURLE_SEND_ERROR, _), (CURLE_RECV_ERROR, _), (CURLE_GOT_NOTHING, _):
            reason = .connection
        case (CURLE_SSL_CONNECT_ERROR, _), (CURLE_PEER_FAILED_VERIFICATION, _): reason = .connection
        case (CURLE_URL_MALFORMAT, _), (CURLE_UNSUPPORTED_PROTOCOL, _), (CURLE_BAD_FUNCTION_ARGUMENT, _): reason = .invalidRequest
        default: reason = .connection
        }
        return MessageSendError(reason, provider: provider, code: replyText, message: error.detail)
    }

    static func looksLikeAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return !address.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "<" || $0 == ">" || $0 == "," })
    }
}
