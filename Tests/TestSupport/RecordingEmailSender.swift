import CRMCore
import Foundation
import Synchronization

/// Keeps every email the application sends, so a test can follow the link inside.
public final class RecordingEmailSender: EmailSender {
    private let messages = Mutex<[EmailMessage]>([])

    public init() {}

    public func send(_ message: EmailMessage) async throws {
        messages.withLock { $0.append(message) }
    }

    public var sent: [EmailMessage] { messages.withLock { $0 } }

    /// The token in the last link mailed to `address` (`…?token=<token>`).
    public func lastToken(to address: String) -> String? {
        guard let text = sent.last(where: { $0.to == address })?.text,
            let range = text.range(of: "token=")
        else { return nil }
        return String(text[range.upperBound...].prefix { !$0.isWhitespace })
    }
}
