import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Outermost middleware: gives the request its id (echoed as `X-Request-Id` on every response,
/// errors included), its clock and its locale, and puts the id into the logger's metadata.
public struct RequestContextMiddleware<Context: AppContext>: RouterMiddleware {
    let clock: any AppClock
    let defaultLocale: AppLocale

    public init(clock: any AppClock, defaultLocale: AppLocale) {
        self.clock = clock
        self.defaultLocale = defaultLocale
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        context.requestId = Self.acceptedRequestId(request.headers[.xRequestId]) ?? UUID().uuidString.lowercased()
        context.clock = clock
        context.locale = LocaleNegotiation.preferred(acceptLanguage: request.headers[.acceptLanguage]) ?? defaultLocale
        context.logger[metadataKey: "request_id"] = .string(context.requestId)
        var response = try await next(request, context)
        response.headers[.xRequestId] = context.requestId
        return response
    }

    /// An incoming id is kept only when it is short and made of safe characters, so it cannot
    /// inject anything into logs or headers.
    static func acceptedRequestId(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count) else { return nil }
        let allowed = value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A
        }
        return allowed ? value : nil
    }
}

extension HTTPField.Name {
    public static let xRequestId = Self("X-Request-Id")!
    public static let idempotencyKey = Self("Idempotency-Key")!
    public static let idempotentReplayed = Self("Idempotent-Replayed")!
}
