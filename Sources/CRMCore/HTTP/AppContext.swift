import Foundation
import Hummingbird

/// What every request context of the application carries, whatever else it adds (the public
/// root context and the tenant context both conform), so the kernel middlewares work on all.
public protocol AppContext: RequestContext {
    /// The request's id: a sane incoming `X-Request-Id`, or a new one.
    var requestId: String { get set }
    /// Where "now" comes from for this request.
    var clock: any AppClock { get set }
    /// The language errors and messages are written in.
    var locale: AppLocale { get set }
    /// The peer's IP address, when the request came over a socket.
    var remoteAddress: String? { get }
}
