import CRMCore
import Foundation

/// `payments`: how the fallback chain and automatic refunds behave (SPEC §6).
/// - `webhookTimeoutMinutes`: a provider attempt still pending this long after the payer was
///   sent to pay (its notification never came) moves the chain to the secondary provider.
/// - `returnUrl`: where the provider's page sends the payer back (the studio's site); the
///   server's public URL when unset.
/// - `autoRefundDeposits`: with `payments.auto_refund`, cancelling a booking gives its paid
///   deposit back minus any cancellation fee.
public struct PaymentSettings: SettingsSection {
    public static let key = SettingsSectionKey.payments
    public static let defaults = PaymentSettings(webhookTimeoutMinutes: 30, returnUrl: nil, autoRefundDeposits: true)
    public static let fieldNames: Set<String> = ["webhookTimeoutMinutes", "returnUrl", "autoRefundDeposits"]

    public var webhookTimeoutMinutes: Int
    public var returnUrl: String?
    public var autoRefundDeposits: Bool

    public func problems() -> [String: String] {
        var problems: [String: String] = [:]
        if !(5...1440).contains(webhookTimeoutMinutes) { problems["webhookTimeoutMinutes"] = "out_of_range" }
        if let returnUrl, !returnUrl.isEmpty {
            let lower = returnUrl.lowercased()
            if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) || returnUrl.count > 500 || URL(string: returnUrl) == nil {
                problems["returnUrl"] = "invalid"
            }
        }
        return problems
    }
}
