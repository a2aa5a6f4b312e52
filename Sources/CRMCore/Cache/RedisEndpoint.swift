import Foundation

/// Where Redis lives, parsed from `REDIS_URL` (`redis://[:password@]host[:port][/db]`).
public struct RedisEndpoint: Sendable, Equatable {
    public let host: String
    public let port: Int32
    public let password: String?
    public let database: Int

    public init(host: String, port: Int32 = 6379, password: String? = nil, database: Int = 0) {
        self.host = host
        self.port = port
        self.password = password
        self.database = database
    }

    /// Parsed by hand rather than with `URLComponents`: under heavy concurrency in the test
    /// process Foundation's parser was seen to return nil for a valid URL (CI crash, 2026-11-21).
    public init?(url: String) {
        guard url.hasPrefix("redis://") else { return nil }
        var rest = Substring(url.dropFirst("redis://".count))
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                guard let decoded = Self.percentDecoded(userInfo[userInfo.index(after: colon)...]) else { return nil }
                password = decoded.isEmpty ? nil : decoded
            }
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "?" || $0 == "#" }) else { return nil }
        var port: Int32 = 6379
        if let portText {
            guard let value = Int32(portText), (1...65535).contains(value) else { return nil }
            port = value
        }
        guard path.isEmpty || Int(path) != nil else { return nil }
        self.host = String(host)
        self.port = port
        self.password = password
        self.database = Int(path) ?? 0
    }

    /// `%XX` escapes decoded as UTF-8; nil when an escape is malformed.
    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
