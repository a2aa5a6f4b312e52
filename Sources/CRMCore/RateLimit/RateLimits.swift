/// The API's request budgets per minute (`RATE_LIMIT_*`), and bookings an hour; 0 turns one off.
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
    /// Online bookings (`POST /public/{slug}/book`) per IP address an hour, on top of the public
    /// budget: a page that books has no reason to submit more often than this.
    public var bookingsPerHour: Int
    /// Studios signed up (`POST /auth/register`) per IP address an hour; 0 turns it off.
    public var signupsPerHour: Int

    public init(reads: Int, writes: Int, publicRequests: Int, perIP: Int, bookingsPerHour: Int = 10, signupsPerHour: Int = 20) {
        self.reads = reads
        self.writes = writes
        self.publicRequests = publicRequests
        self.perIP = perIP
        self.bookingsPerHour = bookingsPerHour
        self.signupsPerHour = signupsPerHour
    }

    public static let defaults = RateLimits(reads: 600, writes: 120, publicRequests: 120, perIP: 2400, bookingsPerHour: 10, signupsPerHour: 20)
    public static let off = RateLimits(reads: 0, writes: 0, publicRequests: 0, perIP: 0, bookingsPerHour: 0, signupsPerHour: 0)

    public var isOff: Bool { self == .off }
}
