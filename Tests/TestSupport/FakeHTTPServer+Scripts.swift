import Foundation
import Synchronization

extension FakeHTTPServer.RecordedRequest {
    /// The `application/x-www-form-urlencoded` body as name → value (a repeated name keeps its last value).
    public func formFields() -> [String: String] {
        Self.decodeForm(bodyText)
    }

    /// The query string as name → value.
    public var queryFields: [String: String] {
        Self.decodeForm(query ?? "")
    }

    static func decodeForm(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    /// The `user:password` of an HTTP Basic `Authorization` header.
    public var basicCredentials: String? {
        guard let header = headers["authorization"], header.hasPrefix("Basic "),
            let data = Data(base64Encoded: String(header.dropFirst("Basic ".count)))
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

extension FakeHTTPServer {
    /// A handler answering the n-th request with `replies[n]`; the last reply repeats.
    public static func sequence(_ replies: [Reply]) -> Handler {
        precondition(!replies.isEmpty, "FakeHTTPServer.sequence needs at least one reply")
        let counter = Counter()
        return { _ in replies[min(counter.next(), replies.count - 1)] }
    }

    final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int {
            value.withLock { value in
                defer { value += 1 }
                return value
            }
        }
    }
}
