import Foundation
import Hummingbird
import Logging
import NIOCore

/// What every request context of the application carries, whatever else it adds (the tenant
/// context of authenticated routes conforms too), so the kernel middlewares work on all of them.
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

/// The context of public routes (health, static files, auth entry points, storefront).
public struct AppRequestContext: AppContext {
    public var coreContext: CoreRequestContextStorage
    public var requestId: String
    public var clock: any AppClock
    public var locale: AppLocale
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        // Overwritten by `RequestContextMiddleware` before any handler runs.
        requestId = ""
        clock = SystemClock()
        locale = .ru
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}
