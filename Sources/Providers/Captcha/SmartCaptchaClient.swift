import Foundation

/// Yandex SmartCaptcha's server-side check: `POST {base}/validate` with the form fields `secret`
/// (the studio's server key), `token` (the one-time token the widget gave the page, valid five
/// minutes, usable once) and `ip` (the visitor's address) → `{"status": "ok" | "failed",
/// "message": …, "host": …}`.
///
/// The service's documentation advises treating an answer other than HTTP 200 as a pass, so a
/// SmartCaptcha outage never locks people out of a form; the same holds here for no answer at all
/// (timeout, connection). Such a verdict is `.unavailable` (the caller lets the request through
/// and logs it); only a 200 whose status is not `ok` is `.failed`. The server key never appears
/// in a verdict, an error or a description.
public struct SmartCaptchaClient: Sendable {
    public static let defaultBaseURL = URL(string: "https://smartcaptcha.yandexcloud.net")!

    public enum Verdict: Sendable, Equatable {
        /// The service says a person passed.
        case passed
        /// The service answered and refused the token (wrong, expired, used, another site's).
        case failed(message: String)
        /// No usable answer: the documented advice is to let the request through.
        case unavailable(reason: String)
    }

    let transport: any HTTPTransport
    let serverKey: String
    let baseURL: URL
    let timeout: Duration

    public init(transport: any HTTPTransport, serverKey: String, baseURL: URL = SmartCaptchaClient.defaultBaseURL, timeout: Duration = .seconds(5)) {
        self.transport = transport
        self.serverKey = serverKey
        self.baseURL = baseURL
        self.timeout = timeout
    }

    public func validate(token: String, ip: String?) async -> Verdict {
        var fields = [("secret", serverKey), ("token", token)]
        if let ip, !ip.isEmpty { fields.append(("ip", ip)) }
        let request = OutboundRequest(
            method: "POST", url: baseURL.appendingPathComponent("validate"),
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: ProviderHTTP.formEncoded(fields), timeout: timeout)
        let response: OutboundResponse
        do {
            response = try await transport.send(request)
        } catch let error as TransportError {
            return .unavailable(reason: error.description)
        } catch {
            return .unavailable(reason: "transport failed")
        }
        guard response.status == 200 else { return .unavailable(reason: "HTTP \(response.status)") }
        guard let object = ProviderHTTP.jsonObject(response.body), let status = object["status"] as? String else {
            return .unavailable(reason: "the answer is not SmartCaptcha's JSON")
        }
        let message = String((object["message"] as? String ?? "").replacingOccurrences(of: serverKey, with: "<redacted>").prefix(200))
        return status == "ok" ? .passed : .failed(message: message)
    }
}
