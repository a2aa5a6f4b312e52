/// The API's request budgets per minute (`RATE_LIMIT_*`); 0 turns one off.
public struct RateLimits: Sendable, Equatable {
    /// Reads (GET, HEAD) per credential: one session or one access token.
    public var reads: Int
    /// Writes (every other method) per credential.
    public var writes: Int
    /// Requests without credentials (sign-in, sign-up, public pages' API) per IP address.
    public var publicRequests: Int
    /// Every request per IP address, signed in or not: one address cannot flood the server
    /// with many tokens.
    public var perIP: Int

    public init(reads: Int, writes: Int, publicRequests: Int, perIP: Int) {
        self.reads = reads
        self.writes = writes
        self.publicRequests = publicRequests
        self.perIP = perIP
    }

    public static let defaults = RateLimits(reads: 600, writes: 120, publicRequests: 120, perIP: 2400)
    public static let off = RateLimits(reads: 0, writes: 0, publicRequests: 0, perIP: 0)

    public var isOff: Bool { self == .off }
}
