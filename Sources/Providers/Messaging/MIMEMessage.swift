import Foundation

/// Renders an email as an RFC 5322 / MIME message for SMTP submission: CRLF line ends, a `Date`
/// and a `Message-ID`, UTF-8 display names and subjects as RFC 2047 encoded words, and the body
/// as `multipart/alternative` (text/plain then text/html) or a single text/plain part. Parts are
/// base64 so any text (Cyrillic, long lines, a lone "." line) travels unchanged over 7-bit SMTP.
struct MIMEMessage {
    var fromAddress: String
    var fromName: String?
    var to: String
    var subject: String
    var text: String
    var html: String?
    var date: Date
    /// Without angle brackets: `uuid@domain`.
    var messageId: String
    /// Fixed in tests; a fresh one per message otherwise.
    var boundary: String = "=_veloria_" + UUID().uuidString

    func rendered() -> Data {
        var headers = [
            "Date: \(Self.rfc5322Date(date))",
            "From: \(Self.mailbox(address: fromAddress, name: fromName))",
            "To: <\(Self.singleLine(to))>",
            Self.header("Subject", Self.singleLine(subject)),
            "Message-ID: <\(messageId)>",
            "MIME-Version: 1.0",
        ]
        var body: [String]
        if let html {
            headers.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
            body = ["--\(boundary)"] + Self.part("text/plain", text) + ["--\(boundary)"] + Self.part("text/html", html) + ["--\(boundary)--", ""]
        } else {
            let part = Self.part("text/plain", text)
            headers += part.prefix(2)
            body = Array(part.dropFirst(3))
        }
        return Data((headers + [""] + body).joined(separator: "\r\n").utf8)
    }

    /// Content-Type and Content-Transfer-Encoding, a blank line, base64 lines of 76 characters.
    static func part(_ type: String, _ content: String) -> [String] {
        // Text travels in canonical form: CRLF line ends (RFC 2045 §6.8).
        let canonical = content.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(canonical.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""] + encoded.components(separatedBy: "\r\n")
    }

    /// `Name <address>`, the name quoted when ASCII and encoded (RFC 2047) when not.
    static func mailbox(address: String, name: String?) -> String {
        let address = singleLine(address)
        guard let name = name.map(singleLine), !name.isEmpty else { return "<\(address)>" }
        if name.allSatisfy({ $0.isASCII && !$0.isNewline }), !name.contains("=?") {
            return "\"\(name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\" <\(address)>"
        }
        return "\(encodedWords(name).joined(separator: "\r\n ")) <\(address)>"
    }

    /// `Name: value`, with the value as encoded words folded over several lines when it is not plain ASCII.
    static func header(_ name: String, _ value: String) -> String {
        if value.allSatisfy({ $0.isASCII }), !value.contains("=?"), value.count + name.count < 900 { return "\(name): \(value)" }
        return "\(name): " + encodedWords(value).joined(separator: "\r\n ")
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words of at most 60 characters (36 bytes each, so a folded header
    /// line stays under 78), never splitting a character.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 36, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=") }
        return words
    }

    /// `Mon, 01 Jun 2026 09:00:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(days[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }

    /// Header values never carry a line break (header injection).
    static func singleLine(_ value: String) -> String {
        value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
