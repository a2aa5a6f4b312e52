import Foundation
import Synchronization

/// A local stand-in for Yandex SmartCaptcha's `POST /validate` (form fields `secret`, `token`,
/// `ip`), answering as the documentation describes: `{"status":"ok","message":"","host":…}` for
/// a token it issued under that server key, `{"status":"failed","message":"Invalid or expired
/// Token."}` otherwise (each token passes once, like the real service), and `down` answers HTTP
/// 500 to everything (an outage).
public enum FakeSmartCaptcha {
    public static func handler(serverKey: String, tokens: Set<String>, down: Bool = false) -> FakeHTTPServer.Handler {
        let used = UsedTokens()
        return { request in
            if down { return .json(#"{"error":"internal"}"#, status: 500) }
            guard request.method == "POST", request.path == "/validate" else { return .json(#"{"status":"failed","message":"Not found"}"#, status: 404) }
            let form = request.formFields()
            guard form["secret"] == serverKey else {
                return .json(#"{"status":"failed","message":"Authentication failed. Secret has not provided."}"#)
            }
            guard let token = form["token"], tokens.contains(token), used.take(token) else {
                return .json(#"{"status":"failed","message":"Invalid or expired Token."}"#)
            }
            return .json(#"{"status":"ok","message":"","host":"book.example.com"}"#)
        }
    }

    final class UsedTokens: Sendable {
        let seen = Mutex<Set<String>>([])
        /// True the first time `token` is taken.
        func take(_ token: String) -> Bool { seen.withLock { $0.insert(token).inserted } }
    }
}
