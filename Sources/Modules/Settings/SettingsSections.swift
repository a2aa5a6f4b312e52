import CRMCore
import Foundation
import Tenancy

/// `business`: how the studio presents itself. Business hours are the default location's
/// weekly schedule (`/locations`), not a second copy here.
public struct BusinessSettings: SettingsSection {
    public static let key = SettingsSectionKey.business
    public static let defaults = BusinessSettings()
    public static let fieldNames: Set<String> = ["legalName", "phone", "email", "address", "website", "about"]

    public var legalName: String?
    public var phone: String?
    public var email: String?
    public var address: String?
    public var website: String?
    public var about: String?

    public func problems() -> [String: String] {
        var problems: [String: String] = [:]
        SettingsRules.check(legalName, "legalName", limit: 200, into: &problems)
        SettingsRules.check(address, "address", limit: 500, into: &problems)
        SettingsRules.check(about, "about", limit: 2000, into: &problems)
        if let phone, !phone.isEmpty {
            let digits = phone.filter(\.isNumber).count
            if !phone.allSatisfy({ $0.isNumber || " +-()".contains($0) }) || !(5...15).contains(digits) { problems["phone"] = "invalid" }
        }
        if let email, !email.isEmpty, !TenantProvisioning.looksLikeEmail(email) { problems["email"] = "invalid" }
        if let website, !website.isEmpty {
            let lower = website.lowercased()
            if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) || website.count > 300 { problems["website"] = "invalid" }
        }
        return problems
    }
}

/// How much a late cancellation costs: nothing, a fixed amount or a percentage of the price.
public enum FeeKind: String, Codable, Sendable { case none, fixed, percent }

/// `cancellation`: cancelling less than `windowHours` before the start applies the fee.
public struct CancellationSettings: SettingsSection {
    public static let key = SettingsSectionKey.cancellation
    public static let defaults = CancellationSettings(
        windowHours: 24, feeKind: .none, feeAmount: nil, feePercent: nil, clientsMayCancelOnline: true, packageVisitOnLateCancel: .forfeit,
        packageVisitOnNoShow: .forfeit)
    public static let fieldNames: Set<String> = [
        "windowHours", "feeKind", "feeAmount", "feePercent", "clientsMayCancelOnline", "packageVisitOnLateCancel", "packageVisitOnNoShow",
    ]

    public var windowHours: Int
    public var feeKind: FeeKind
    public var feeAmount: Money?
    public var feePercent: Int?
    public var clientsMayCancelOnline: Bool
    /// What a booking that used a package visit does with it when cancelled inside the window;
    /// a cancellation in time always gives the visit back.
    public var packageVisitOnLateCancel: PackageVisitOutcome
    /// What a no-show does with the package visit its booking used.
    public var packageVisitOnNoShow: PackageVisitOutcome

    public func problems() -> [String: String] {
        var problems: [String: String] = [:]
        if !(0...168).contains(windowHours) { problems["windowHours"] = "out_of_range" }
        DepositSettings.checkAmount(kind: feeKind, amount: feeAmount, percent: feePercent, fields: ("feeAmount", "feePercent"), into: &problems)
        return problems
    }
}

/// Whether a package visit taken by a booking goes back to the package or is kept by the studio.
public enum PackageVisitOutcome: String, Codable, Sendable {
    case giveBack = "return"
    case forfeit
}

/// Who pays a deposit when booking (SPEC §3): nobody, new clients, everyone, or bookings of
/// services priced above `aboveAmount`; a fixed amount or a percentage of the price.
public enum DepositPolicy: String, Codable, Sendable { case none, newClients = "new_clients", all, aboveAmount = "above_amount" }

/// `deposit`: an unpaid deposit expires the booking after `expiresAfterMinutes`.
public struct DepositSettings: SettingsSection {
    public static let key = SettingsSectionKey.deposit
    public static let defaults = DepositSettings(policy: .none, aboveAmount: nil, kind: .percent, amount: nil, percent: 30, expiresAfterMinutes: 30)
    public static let fieldNames: Set<String> = ["policy", "aboveAmount", "kind", "amount", "percent", "expiresAfterMinutes"]

    public var policy: DepositPolicy
    public var aboveAmount: Money?
    public var kind: FeeKind
    public var amount: Money?
    public var percent: Int?
    public var expiresAfterMinutes: Int

    public func problems() -> [String: String] {
        var problems: [String: String] = [:]
        if policy == .aboveAmount, (aboveAmount ?? .zero) <= .zero { problems["aboveAmount"] = aboveAmount == nil ? "required" : "out_of_range" }
        if kind == .none, policy != .none { problems["kind"] = "invalid" }
        Self.checkAmount(kind: kind, amount: amount, percent: percent, fields: ("amount", "percent"), into: &problems)
        if !(5...1440).contains(expiresAfterMinutes) { problems["expiresAfterMinutes"] = "out_of_range" }
        return problems
    }

    /// A fixed amount needs a positive amount; a percentage needs 1…100.
    static func checkAmount(kind: FeeKind, amount: Money?, percent: Int?, fields: (String, String), into problems: inout [String: String]) {
        switch kind {
        case .none: break
        case .fixed:
            if let amount { if amount <= .zero { problems[fields.0] = "out_of_range" } } else { problems[fields.0] = "required" }
        case .percent:
            if let percent { if !(1...100).contains(percent) { problems[fields.1] = "out_of_range" } } else { problems[fields.1] = "required" }
        }
    }
}

/// A messaging channel, in the order the studio wants them tried.
public enum NotificationChannel: String, Codable, Sendable, CaseIterable { case telegram, sms, email }

/// Hours in which nothing non-urgent is sent; a message due then waits for `end`.
public struct QuietHours: Codable, Sendable, Equatable {
    public var start: String
    public var end: String
}

/// `notifications`: reminder offsets before the start, the channel order and quiet hours.
public struct NotificationSettings: SettingsSection {
    public static let key = SettingsSectionKey.notifications
    public static let defaults = NotificationSettings(
        reminderOffsetsMinutes: [24 * 60, 3 * 60], channels: [.telegram, .sms, .email], quietHours: QuietHours(start: "21:00", end: "09:00"))
    public static let fieldNames: Set<String> = ["reminderOffsetsMinutes", "channels", "quietHours"]

    public var reminderOffsetsMinutes: [Int]
    public var channels: [NotificationChannel]
    /// nil: no quiet hours.
    public var quietHours: QuietHours?

    public func problems() -> [String: String] {
        var problems: [String: String] = [:]
        if reminderOffsetsMinutes.count > 5 {
            problems["reminderOffsetsMinutes"] = "too_many_values"
        } else if Set(reminderOffsetsMinutes).count != reminderOffsetsMinutes.count {
            problems["reminderOffsetsMinutes"] = "duplicate"
        } else if !reminderOffsetsMinutes.allSatisfy({ (15...10080).contains($0) }) {
            problems["reminderOffsetsMinutes"] = "out_of_range"
        }
        if channels.isEmpty { problems["channels"] = "required" } else if Set(channels).count != channels.count { problems["channels"] = "duplicate" }
        if let quietHours {
            if !SettingsRules.isTimeOfDay(quietHours.start) { problems["quietHours.start"] = "invalid_time" }
            if !SettingsRules.isTimeOfDay(quietHours.end) { problems["quietHours.end"] = "invalid_time" }
            if quietHours.start == quietHours.end { problems["quietHours"] = "empty_interval" }
        }
        return problems
    }
}

/// `branding`: colours and logo of the booking page and messages.
public struct BrandingSettings: SettingsSection {
    public static let key = SettingsSectionKey.branding
    public static let defaults = BrandingSettings(primaryColor: "#6D4C7D", accentColor: "#C9A66B", logoUrl: nil, bookingPageTitle: nil)
    public static let fieldNames: Set<String> = ["primaryColor", "accentColor", "logoUrl", "bookingPageTitle"]

    public var primaryColor: String
    public var accentColor: String
    public var logoUrl: String?
    public var bookingPageTitle: String?

    public func problems() -> [String: String] {
        var problems: [String: String] = [:]
        if !SettingsRules.isColor(primaryColor) { problems["primaryColor"] = "invalid" }
        if !SettingsRules.isColor(accentColor) { problems["accentColor"] = "invalid" }
        if let logoUrl, !logoUrl.isEmpty, !Self.isLogoURL(logoUrl) { problems["logoUrl"] = "invalid" }
        SettingsRules.check(bookingPageTitle, "bookingPageTitle", limit: 120, into: &problems)
        return problems
    }

    /// The logo is an https address with a host (the studio has no uploads of its own): the page
    /// of a client loads it, so nothing insecure or local is accepted.
    static func isLogoURL(_ text: String) -> Bool {
        guard text.count <= 500, !text.contains(where: { $0.isWhitespace }), let url = URL(string: text), url.scheme?.lowercased() == "https",
            let host = url.host, !host.isEmpty, url.user == nil
        else { return false }
        return true
    }
}

/// `autotags` (feature `clients.autotags`): the thresholds of the automatic client tags.
public struct AutoTagSettings: SettingsSection {
    public static let key = SettingsSectionKey.autotags
    public static let defaults = AutoTagSettings(
        newWithinDays: 30, regularMinVisits: 3, vipMinVisits: 10, vipMinSpend: Money(major: 50_000), atRiskAfterDays: 60, lostAfterDays: 120,
        loyaltySilverVisits: 5, loyaltyGoldVisits: 10, loyaltyPlatinumVisits: 20)
    public static let fieldNames: Set<String> = [
        "newWithinDays", "regularMinVisits", "vipMinVisits", "vipMinSpend", "atRiskAfterDays", "lostAfterDays", "loyaltySilverVisits",
        "loyaltyGoldVisits", "loyaltyPlatinumVisits",
    ]

    /// A client with at most one visit who joined this recently is `new`.
    public var newWithinDays: Int
    public var regularMinVisits: Int
    public var vipMinVisits: Int
    public var vipMinSpend: Money
    /// No visit for this long: `at_risk`; for `lostAfterDays`: `lost`.
    public var atRiskAfterDays: Int
    public var lostAfterDays: Int
    /// Completed visits that earn each loyalty level (SPEC §3); a level earned is kept.
    public var loyaltySilverVisits: Int
    public var loyaltyGoldVisits: Int
    public var loyaltyPlatinumVisits: Int

    public func problems() -> [String: String] {
        var problems: [String: String] = [:]
        if !(1...365).contains(newWithinDays) { problems["newWithinDays"] = "out_of_range" }
        if !(2...1000).contains(regularMinVisits) { problems["regularMinVisits"] = "out_of_range" }
        if !(2...1000).contains(vipMinVisits) { problems["vipMinVisits"] = "out_of_range" }
        if vipMinSpend < .zero { problems["vipMinSpend"] = "out_of_range" }
        if !(1...3650).contains(atRiskAfterDays) { problems["atRiskAfterDays"] = "out_of_range" }
        if !(1...3650).contains(lostAfterDays) || lostAfterDays <= atRiskAfterDays { problems["lostAfterDays"] = "out_of_range" }
        if !(1...10_000).contains(loyaltySilverVisits) { problems["loyaltySilverVisits"] = "out_of_range" }
        if !(1...10_000).contains(loyaltyGoldVisits) || loyaltyGoldVisits <= loyaltySilverVisits { problems["loyaltyGoldVisits"] = "out_of_range" }
        if !(1...10_000).contains(loyaltyPlatinumVisits) || loyaltyPlatinumVisits <= loyaltyGoldVisits {
            problems["loyaltyPlatinumVisits"] = "out_of_range"
        }
        return problems
    }
}
