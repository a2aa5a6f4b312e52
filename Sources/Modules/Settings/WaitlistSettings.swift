import CRMCore
import Foundation
import SQLKit

/// `waitlist`: automatic offers of a freed time (`calendar.autofill`). With `autofill` on, a
/// cancelled or moved future booking's time is held for the best waiting client for
/// `offerMinutes` (5…1440, 30 by default) and offered to her; on decline or expiry, to the next.
public struct WaitlistSettings: SettingsSection {
    public static let key = SettingsSectionKey.waitlist
    public static let defaults = WaitlistSettings(autofill: false, offerMinutes: 30)
    public static let fieldNames: Set<String> = ["autofill", "offerMinutes"]
    public static let offerMinutesRange = 5...1440

    public var autofill: Bool
    public var offerMinutes: Int

    public func problems() -> [String: String] {
        Self.offerMinutesRange.contains(offerMinutes) ? [:] : ["offerMinutes": "out_of_range"]
    }

    /// The section as stored, read on `sql` (inside a caller's transaction: the outbox publisher).
    public static func read(tenantId: TenantID, on sql: any SQLDatabase) async throws -> WaitlistSettings {
        guard let stored = try await SettingsRepository(sql: sql, tenantId: tenantId).stored(key) else { return defaults }
        return (try? applying(stored, to: defaults)) ?? defaults
    }
}
