import Foundation

/// An outbound HTTP request of a provider client.
public struct OutboundRequest: Sendable, Equatable {
    public var method: String
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// Whole-exchange limit, connection included.
    public var timeout: Duration

    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil, timeout: Duration = .seconds(15)) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    public static func == (lhs: OutboundRequest, rhs: OutboundRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body && lhs.timeout == rhs.timeout
            && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
    }
}

/// What came back.
public struct OutboundResponse: Sendable, Equatable {
    public var status: Int
    /// Header names lower-cased; repeated headers joined with ", ".
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Transport failures (no HTTP response at all). An HTTP error status is a response, not this.
public enum TransportError: Error, Equatable, CustomStringConvertible {
    case timeout
    case connection(String)
    case tls(String)
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .timeout: "timed out"
        case .connection(let detail): "connection failed: \(detail)"
        case .tls(let detail): "TLS failed: \(detail)"
        case .invalidRequest(let detail): "invalid request: \(detail)"
        }
    }
}

/// The one outbound HTTP interface every provider and the AI client use.
public protocol HTTPTransport: Sendable {
    func send(_ request: OutboundRequest) async throws -> OutboundResponse
}
