import CRMCore
import Foundation
import Providers
import SQLKit

/// How many messages one studio may hand to one channel's provider per minute, so a campaign
/// cannot flood a provider account (or get it blocked). Messages over the limit wait for the next
/// minute instead of failing. The limits are installation-wide defaults.
public struct MessageThrottle: Sendable {
    public var perMinute: [MessageChannel: Int]

    public init(perMinute: [MessageChannel: Int] = [.sms: 60, .email: 120, .telegram: 30]) {
        self.perMinute = perMinute
    }

    /// Nil when a message may go now; otherwise when to try again.
    func delay(tenant: TenantID, channel: MessageChannel, now: Date, on sql: any SQLDatabase) async throws -> Date? {
        guard let limit = perMinute[channel] else { return nil }
        let windowStart = now.addingTimeInterval(-60)
        let row = try await MessagesRepository(sql: sql, tenantId: tenant).sent(on: channel, after: windowStart)
        guard let row, row.sent >= limit else { return nil }
        // The window frees a place when its oldest send is a minute old.
        return (row.oldest ?? now).addingTimeInterval(60.5)
    }
}
