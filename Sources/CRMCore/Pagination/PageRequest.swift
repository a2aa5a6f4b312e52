import Foundation
import Hummingbird

/// `limit` and `cursor` of a list request (SPEC §14: cursor pagination).
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maxLimit = 200
    /// Longer cursors are never produced by `Cursor.encode` for sane keys; refusing them early
    /// keeps garbage from reaching the base64 and JSON decoders.
    static let maxCursorLength = 4096

    public var limit: Int
    /// The opaque cursor from a previous page's `nextCursor`; `nil` for the first page.
    public var cursor: String?

    public init(limit: Int = PageRequest.defaultLimit, cursor: String? = nil) {
        self.limit = limit
        self.cursor = cursor
    }

    /// Reads the raw query values. `limit`: absent means 50; an optional `-` and digits only
    /// (`"abc"`, `"+5"`, `"1.5"` -> `limit: invalid`); outside 1...200 -> `limit: out_of_range`.
    /// `cursor`: empty means none; characters outside base64url or over 4096 long -> `cursor: invalid`
    /// (anything else malformed is caught by `Cursor.decode`). All problems are reported together.
    public static func parse(limit: String?, cursor: String?) throws(AppError) -> PageRequest {
        let (request, problems) = validate(limit: limit, cursor: cursor)
        guard let request, problems.isEmpty else { throw AppError.validation(problems) }
        return request
    }

    /// The non-throwing core of `parse`, so `ListQuery` can merge these problems with its own.
    static func validate(limit: String?, cursor: String?) -> (PageRequest?, [String: String]) {
        var problems: [String: String] = [:]
        var parsedLimit = defaultLimit
        if let limit {
            let digits = limit.hasPrefix("-") ? limit.utf8.dropFirst() : limit.utf8[...]
            if digits.isEmpty || !digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                problems["limit"] = "invalid"
            } else if let value = Int(limit), (1...maxLimit).contains(value) {
                parsedLimit = value
            } else {
                // Integers too large for Int are out of range too, not "not a number".
                problems["limit"] = "out_of_range"
            }
        }
        let parsedCursor = cursor?.isEmpty == false ? cursor : nil
        if let parsedCursor, parsedCursor.utf8.count > maxCursorLength || !parsedCursor.utf8.allSatisfy(Cursor.isAlphabet) {
            problems["cursor"] = "invalid"
        }
        return problems.isEmpty ? (PageRequest(limit: parsedLimit, cursor: parsedCursor), [:]) : (nil, problems)
    }
}

/// One page of a list response: `{"items": [...], "nextCursor": "..." | null}`.
///
/// `nextCursor` is always present in JSON, `null` on the last page.
public struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        // encode(_:forKey:) with an Optional writes null; encodeIfPresent would drop the key.
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

extension Page: Decodable where Item: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decode([Item].self, forKey: .items)
        nextCursor = try container.decodeIfPresent(String.self, forKey: .nextCursor)
    }
}

extension Page: Equatable where Item: Equatable {}

/// Opaque pagination cursors: base64url (no padding) of compact JSON with sorted keys.
///
/// Typically the sort key values and id of the last item on a page. Cursors are not signed: a
/// client can forge one, so decode them into the same typed keys the query binds as parameters
/// and never trust them for authorization (the tenant filter still applies).
public enum Cursor {
    /// Encodes `value`. Cursor payloads are keys, ids and dates; one that cannot be encoded as
    /// JSON (a NaN, say) is a programming error and traps.
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            preconditionFailure("Cursor.encode: value is not JSON-encodable: \(error)")
        }
        var text = data.base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Decodes a cursor made by `encode`. Anything malformed (bad characters or length, not
    /// base64url, not JSON, not a `T`) throws `.validation(field: "cursor", "invalid")`.
    public static func decode<T: Decodable>(_ text: String, as type: T.Type) throws(AppError) -> T {
        let invalid = AppError.validation(field: "cursor", "invalid")
        guard !text.isEmpty, text.utf8.count <= PageRequest.maxCursorLength, text.utf8.allSatisfy(isAlphabet),
            text.utf8.count % 4 != 1
        else { throw invalid }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { throw invalid }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw invalid
        }
    }

    /// The base64url alphabet without padding.
    static func isAlphabet(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}

/// A page is a response body as it is.
extension Page: ResponseEncodable {}
