import Foundation
import HTTPTypes
import Hummingbird

/// The headers every answer carries so a browser holds the web app, the storefront and the API to
/// what they are (issue 22, item 4):
/// - `Content-Security-Policy`: scripts only from this origin (no inline script, no `eval`) and
///   from the two providers the pages really load — Yandex SmartCaptcha on the storefront and
///   Stripe.js on the card payment page; styles from this origin (inline style attributes are
///   allowed: the screens set colours per staff member and studio); images from anywhere over
///   HTTPS (a studio's logo lives on its own site); the page's own `blob:` files (the visit's .ics, a
///   receipt's preview); no plugins; forms post only here.
/// - Framing: nobody may frame a page (`frame-ancestors 'none'`, `X-Frame-Options: DENY`), except
///   the studio's Telegram Mini App (`/tg/…`), which Telegram's web client shows in a frame.
/// - `X-Content-Type-Options: nosniff`, `Referrer-Policy: strict-origin-when-cross-origin`.
/// - `Strict-Transport-Security` when the installation is served over HTTPS (`PUBLIC_BASE_URL`).
public struct SecurityHeadersMiddleware<Context: AppContext>: RouterMiddleware {
    let https: Bool

    public init(publicBaseURL: String) { https = publicBaseURL.lowercased().hasPrefix("https://") }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        let miniApp = request.uri.path.hasPrefix("/tg/")
        response.headers[SecurityHeaders.contentSecurityPolicy] = miniApp ? SecurityHeaders.framed : SecurityHeaders.unframed
        if !miniApp { response.headers[SecurityHeaders.frameOptions] = "DENY" }
        response.headers[SecurityHeaders.contentTypeOptions] = "nosniff"
        response.headers[SecurityHeaders.referrerPolicy] = "strict-origin-when-cross-origin"
        if https { response.headers[SecurityHeaders.transportSecurity] = "max-age=31536000" }
        return response
    }
}

/// The header names and the policy text (`SecurityHeadersMiddleware`).
public enum SecurityHeaders {
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let transportSecurity = HTTPField.Name("Strict-Transport-Security")!

    /// Telegram's web clients (web.telegram.org/k, /a) frame a Mini App.
    static let telegramFramers = "https://web.telegram.org"

    static func policy(frameAncestors: String) -> String {
        [
            "default-src 'self'",
            "script-src 'self' https://smartcaptcha.yandexcloud.net https://js.stripe.com",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob: https:",
            "font-src 'self' data:",
            "connect-src 'self' blob: https://smartcaptcha.yandexcloud.net https://api.stripe.com",
            "frame-src https://smartcaptcha.yandexcloud.net https://js.stripe.com https://hooks.stripe.com",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors \(frameAncestors)",
        ].joined(separator: "; ")
    }

    static let framed = policy(frameAncestors: telegramFramers)
    static let unframed = policy(frameAncestors: "'none'")
}
