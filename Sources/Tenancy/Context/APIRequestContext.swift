import CRMCore
import Foundation
import Hummingbird
import NIOCore

/// The root context of every request. Public routes use it as is; tenant routes convert it to
/// `TenantRequestContext`, which exists only when `identity` does.
public struct APIRequestContext: AppContext, IdempotencyScoped {
    public var coreContext: CoreRequestContextStorage
    public var requestId: String
    public var clock: any AppClock
    public var locale: AppLocale
    public let remoteAddress: String?
    /// The `User-Agent` header, kept for the audit trail (set by `AuthenticationMiddleware`).
    public var userAgent: String?
    /// Set by `AuthenticationMiddleware` from a valid session or token.
    public var identity: Identity?
    /// Why credentials that came with the request were refused (bad token, missing CSRF header);
    /// tenant routes answer with it, public routes ignore it.
    public var identityError: AppError?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        // Overwritten by `RequestContextMiddleware` before any handler runs.
        requestId = ""
        clock = SystemClock()
        locale = .ru
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are read up to 10 MiB: a manual payment's proof (a photo of a receipt) is an upload.
    public var maxUploadSize: Int { 10 << 20 }

    public var idempotencyScope: String {
        if let identity { return "tenant:\(identity.tenant.id):user:\(identity.user.id)" }
        return "public:\(remoteAddress ?? "local")"
    }
}
