import Foundation
import Hummingbird

/// The request's query as ordered name/value pairs with both sides percent-decoded, once.
///
/// Hummingbird's `uri.queryParameters` decodes values but not names, so `filter%5Bstatus%5D=x`
/// (how `URLSearchParams` and most HTTP libraries send brackets) would reach the list parser as a
/// name it does not know and be silently ignored. Every route reads its query through this type.
/// `+` stays a literal plus (phone numbers, time zone offsets); a space must be sent as `%20`.
/// A malformed escape (`%zz`) is kept as written, so the parsers see and refuse it.
public struct QueryParameters: Sendable {
    public let pairs: [(name: String, value: String)]

    public init(query: String?) {
        guard let query, !query.isEmpty else {
            pairs = []
            return
        }
        pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            return (name: name, value: value)
        }
    }

    /// The first value given for `name`, if any.
    public subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    private static func decode(_ text: Substring) -> String {
        let raw = String(text)
        return raw.removingPercentEncoding ?? raw
    }
}

extension Request {
    /// The decoded query (see `QueryParameters`).
    public var decodedQuery: QueryParameters { QueryParameters(query: uri.query) }
}
