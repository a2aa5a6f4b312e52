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

    public init?(url: String) {
        guard let components = URLComponents(string: url), components.scheme == "redis", let host = components.host, !host.isEmpty else {
            return nil
        }
        self.host = host
        self.port = Int32(components.port ?? 6379)
        self.password = components.password.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard path.isEmpty || Int(path) != nil else { return nil }
        self.database = Int(path) ?? 0
    }
}
