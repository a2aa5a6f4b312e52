import Foundation
import Providers
import Testing

/// Telegram Mini App `initData`, checked as Telegram documents it. The vector was signed outside
/// this code base (Python's `hmac`: secret = HMAC-SHA256(key "WebAppData", bot token), hash =
/// hex HMAC-SHA256(key secret, the sorted `key=value` lines of every field but `hash`)).
@Suite struct TelegramInitDataTests {
    static let token = "123456789:AAFakeTokenForTests_0123456789abcdefXYZ"
    static let signedAt = Date(timeIntervalSince1970: 1_780_304_400)
    static let vector =
        "query_id=AAH-test-1&user=%7B%22id%22%3A777001%2C%22first_name%22%3A%22Olivia%22%2C%22last_name%22%3A%22Bot%22%2C%22language_code%22%3A%22en%22%7D&auth_date=1780304400&signature=sig-not-checked&hash=5511237302d19f9dd01927daea5206cbd31ccbf1eb99526c9c8a6da47b76c27d"

    @Test func theDocumentedVectorPassesAndNamesItsUser() throws {
        let data = try #require(TelegramInitData.verify(Self.vector, botToken: Self.token, now: Self.signedAt.addingTimeInterval(600)))
        #expect(data.user.id == 777_001 && data.user.firstName == "Olivia" && data.user.lastName == "Bot")
        #expect(data.user.username == nil && data.user.languageCode == "en")
        #expect(data.authDate == Self.signedAt)
    }

    @Test func aChangedFieldAnotherBotsTokenOrAStaleDateIsRefused() {
        let now = Self.signedAt.addingTimeInterval(600)
        let otherUser = Self.vector.replacingOccurrences(of: "777001", with: "777002")
        let otherDate = Self.vector.replacingOccurrences(of: "auth_date=1780304400", with: "auth_date=1780304401")
        let noHash = Self.vector.components(separatedBy: "&hash=")[0]
        #expect(TelegramInitData.verify(otherUser, botToken: Self.token, now: now) == nil)
        #expect(TelegramInitData.verify(otherDate, botToken: Self.token, now: now) == nil)
        #expect(TelegramInitData.verify(noHash, botToken: Self.token, now: now) == nil)
        #expect(TelegramInitData.verify(Self.vector, botToken: "123456789:AAnotherBotsToken", now: now) == nil)
        #expect(TelegramInitData.verify(Self.vector + "&hash=00", botToken: Self.token, now: now) == nil)
        // a day old is the limit; from the future only a minute of clock skew
        #expect(TelegramInitData.verify(Self.vector, botToken: Self.token, now: Self.signedAt.addingTimeInterval(86_400)) != nil)
        #expect(TelegramInitData.verify(Self.vector, botToken: Self.token, now: Self.signedAt.addingTimeInterval(86_401)) == nil)
        #expect(TelegramInitData.verify(Self.vector, botToken: Self.token, now: Self.signedAt.addingTimeInterval(-61)) == nil)
    }
}
