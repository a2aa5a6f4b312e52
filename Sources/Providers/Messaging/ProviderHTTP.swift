import Foundation

/// What the HTTP providers share: one exchange over `HTTPTransport` with transport failures
/// turned into temporary `MessageSendError`s, the generic meaning of HTTP statuses, and the
/// encodings the APIs want. Nothing here ever puts a URL, header or body into an error text:
/// URLs may carry credentials (the Telegram bot token is part of the path).
enum ProviderHTTP {
    static func exchange(_ transport: any HTTPTransport, _ request: OutboundRequest, provider: String) async throws -> OutboundResponse {
        do {
            return try await transport.send(request)
        } catch let error as TransportError {
            switch error {
            case .timeout: throw MessageSendError(.timeout, provider: provider, message: "the provider did not answer in time")
            case .connection(let detail): throw MessageSendError(.connection, provider: provider, message: "connection failed: \(detail)")
            case .tls(let detail): throw MessageSendError(.connection, provider: provider, message: "TLS failed: \(detail)")
            case .invalidRequest(let detail): throw MessageSendError(.invalidRequest, provider: provider, message: "invalid request: \(detail)")
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw MessageSendError(.connection, provider: provider, message: "transport failed")
        }
    }

    /// The failure every provider shares for statuses that are not its own error format:
    /// 408/429 and 5xx are temporary. Nil for other statuses (the provider decides).
    static func temporaryFailure(_ response: OutboundResponse, provider: String, message: String? = nil) -> MessageSendError? {
        let status = response.status
        let text = message ?? "HTTP \(status)"
        switch status {
        case 429: return MessageSendError(.rateLimited, provider: provider, code: "429", message: text, retryAfter: retryAfter(response))
        case 408: return MessageSendError(.timeout, provider: provider, code: "408", message: text)
        case 500...599:
            return MessageSendError(.providerUnavailable, provider: provider, code: String(status), message: text, retryAfter: retryAfter(response))
        default: return nil
        }
    }

    /// `Retry-After` in seconds (the HTTP-date form is not used by these providers).
    static func retryAfter(_ response: OutboundResponse) -> Duration? {
        guard let value = response.headers["retry-after"], let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
            return nil
        }
        return .seconds(seconds)
    }

    /// A provider's id, sent as a JSON number or string.
    static func identifier(_ value: Any?) -> String? {
        switch value {
        case let string as String where !string.isEmpty: string
        case let number as Int: String(number)
        default: nil
        }
    }

    static func jsonObject(_ data: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    static func basicAuthorization(user: String, password: String) -> (name: String, value: String) {
        ("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
    }

    /// `application/x-www-form-urlencoded`, every byte outside the unreserved set percent-encoded.
    static func formEncoded(_ fields: [(String, String)]) -> Data {
        Data(fields.map { "\(percentEncoded($0.0))=\(percentEncoded($0.1))" }.joined(separator: "&").utf8)
    }

    static func percentEncoded(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A short, single-line excerpt of a provider's text for error messages.
    static func excerpt(_ text: String?, limit: Int = 300) -> String? {
        guard let text else { return nil }
        let line = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty else { return nil }
        return line.count > limit ? String(line.prefix(limit)) + "…" : line
    }

    static func wrongRecipient(_ message: OutboundMessage, provider: String, expected: MessageChannel) -> MessageSendError {
        MessageSendError(
            .invalidRequest, provider: provider, message: "a \(message.channel.rawValue) recipient cannot be sent over \(expected.rawValue)")
    }

    /// `+7 (999) 123-45-67` → `79991234567`; nil unless 7–15 digits remain (E.164).
    static func phoneDigits(_ phone: String) -> String? {
        let digits = phone.filter(\.isASCII).filter(\.isNumber)
        guard (7...15).contains(digits.count), phone.allSatisfy({ $0.isNumber || " +-()".contains($0) }) else { return nil }
        return digits
    }
}
