import CRMCore
import Crypto
import Foundation

/// What a Telegram Mini App hands its page (`Telegram.WebApp.initData`), checked the way
/// Telegram documents it ("Validating data received via the Mini App"): the data-check-string is
/// every field but `hash`, sorted by key, as `key=value` lines joined by `\n`; the secret key is
/// HMAC-SHA256 of the bot token under the key `WebAppData`; `hash` must be the hex HMAC-SHA256 of
/// the data-check-string under that secret key. The data is also refused when `auth_date` is older
/// than `maxAge` (or more than a minute in the future): a leaked string does not work for ever.
public struct TelegramInitData: Sendable, Equatable {
    public static let defaultMaxAge: TimeInterval = 24 * 3600

    /// The Telegram user who opened the Mini App.
    public struct User: Sendable, Equatable {
        public var id: Int64
        public var firstName: String
        public var lastName: String?
        public var username: String?
        public var languageCode: String?
    }

    public var user: User
    public var authDate: Date
    /// `start_param` of a `t.me/<bot>/<app>?startapp=…` link.
    public var startParam: String?

    /// The verified data, or nil when the hash does not match, the date is stale, or the user is
    /// missing.
    public static func verify(_ raw: String, botToken: String, now: Date, maxAge: TimeInterval = defaultMaxAge) -> TelegramInitData? {
        guard !botToken.isEmpty, let fields = pairs(raw), let given = fields["hash"], given.count == 64 else { return nil }
        let expected = hash(fields, botToken: botToken)
        guard ConstantTime.equal(expected, given.lowercased()) else { return nil }
        guard let seconds = fields["auth_date"].flatMap(TimeInterval.init) else { return nil }
        let authDate = Date(timeIntervalSince1970: seconds)
        guard now.timeIntervalSince(authDate) <= maxAge, authDate.timeIntervalSince(now) <= 60 else { return nil }
        guard let userJSON = fields["user"], let object = try? JSONSerialization.jsonObject(with: Data(userJSON.utf8)) as? [String: Any],
            let id = (object["id"] as? NSNumber)?.int64Value
        else { return nil }
        let user = User(
            id: id, firstName: object["first_name"] as? String ?? "", lastName: object["last_name"] as? String,
            username: object["username"] as? String, languageCode: object["language_code"] as? String)
        return TelegramInitData(user: user, authDate: authDate, startParam: fields["start_param"])
    }

    /// The hex hash Telegram computes for `fields` (every one but `hash`), exposed so tests and
    /// fakes sign their own vectors with the documented algorithm.
    public static func hash(_ fields: [String: String], botToken: String) -> String {
        let check = fields.filter { $0.key != "hash" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        let secret = HMAC<SHA256>.authenticationCode(for: Data(botToken.utf8), using: SymmetricKey(data: Data("WebAppData".utf8)))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(check.utf8), using: SymmetricKey(data: Data(secret)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The query string's fields, percent-decoded; nil when a key repeats or a pair is malformed.
    static func pairs(_ raw: String) -> [String: String]? {
        var fields: [String: String] = [:]
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            let decode = { (text: Substring) in text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let key = decode(part[..<equals]), let value = decode(part[part.index(after: equals)...]), fields[key] == nil else {
                return nil
            }
            fields[key] = value
        }
        return fields.isEmpty ? nil : fields
    }
}
