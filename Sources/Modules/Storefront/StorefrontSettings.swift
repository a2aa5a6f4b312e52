import CRMCore
import Foundation
import Plans
import Providers
import SQLKit
import Tenancy

/// What a studio decides about its storefront beyond the shared settings sections: the captcha
/// (Yandex SmartCaptcha: the site key the page shows, the server key the server checks with,
/// sealed), the limits per phone, and its own host name (white-label). A studio that never saved
/// them has the defaults: no captcha, 3 online bookings a day and 5 upcoming per phone, no host.
struct StorefrontSettings: Sendable, Equatable {
    var customHost: String?
    var captchaEnabled: Bool
    var captchaSiteKey: String?
    /// Sealed with the storefront's `SecretBox`; never answered.
    var sealedServerKey: String?
    /// Online bookings one person (by normalized phone) may make in 24 hours.
    var phoneDailyLimit: Int
    /// Online bookings of one person that may be upcoming at once.
    var phoneUpcomingLimit: Int

    static let defaults = StorefrontSettings(
        customHost: nil, captchaEnabled: false, captchaSiteKey: nil, sealedServerKey: nil, phoneDailyLimit: 3, phoneUpcomingLimit: 5)
    static let limitRange = 1...50

    /// The audit's picture: the server key only as "set or not".
    var auditSnapshot: JSONValue {
        .object([
            "customHost": customHost.map(JSONValue.string) ?? .null, "captchaEnabled": .bool(captchaEnabled),
            "captchaSiteKey": captchaSiteKey.map(JSONValue.string) ?? .null, "captchaServerKeySet": .bool(sealedServerKey != nil),
            "phoneDailyLimit": .int(Int64(phoneDailyLimit)), "phoneUpcomingLimit": .int(Int64(phoneUpcomingLimit)),
        ])
    }
}

/// A host name a studio may point at its storefront: lower-case letters, digits and hyphens in
/// dot-separated labels of 1…63 characters (no leading or trailing hyphen), at least two labels,
/// 253 characters at most, no port, no IP address.
enum CustomHost {
    static func normalized(_ text: String) -> String? {
        var host = text.trimmingCharacters(in: .whitespaces).lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        guard !host.isEmpty, host.count <= 253 else { return nil }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return nil }
        for label in labels {
            guard (1...63).contains(label.count), label.first != "-", label.last != "-",
                label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
            else { return nil }
        }
        // The last label of a host name is never all digits (that would be an IP address).
        guard !labels.last!.allSatisfy(\.isNumber) else { return nil }
        return host
    }

    /// The host of a request's `Host` header, lower-cased, without the port.
    static func of(header: String) -> String {
        var host = header.lowercased()
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") { host = String(host[..<colon]) }
        if host.hasSuffix(".") { host.removeLast() }
        return host
    }
}

/// The captcha's server side for the storefront: the studio's server key sealed at rest (purpose
/// `storefront-captcha`) and opened only to ask SmartCaptcha.
public struct StorefrontCaptcha: Sendable {
    let box: SecretBox
    let transport: any HTTPTransport
    let baseURL: URL

    public init(secretKey: String, transport: any HTTPTransport, baseURL: URL) {
        box = SecretBox(secretKey: secretKey, purpose: "storefront-captcha")
        self.transport = transport
        self.baseURL = baseURL
    }

    func client(sealedServerKey: String) -> SmartCaptchaClient? {
        guard let key = try? box.open(sealedServerKey) else { return nil }
        return SmartCaptchaClient(transport: transport, serverKey: key, baseURL: baseURL)
    }
}
