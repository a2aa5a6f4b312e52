import CRMCore

/// Where personal data is shown: in a list of records, or on one record's own card.
public enum PIIView: Sendable {
    case list
    case card
}

/// Applies the caller's `PIIVisibility` to phones and emails, so every endpoint masks the same
/// way (SPEC §1): receptionists see masks in lists and full values on a card (an audited
/// reveal), read-only users see masks everywhere.
public struct PIIPresenter: Sendable {
    public let visibility: PIIVisibility

    public init(visibility: PIIVisibility) { self.visibility = visibility }

    public func phone(_ phone: String?, in view: PIIView) -> String? {
        guard let phone else { return nil }
        return shows(in: view) ? phone : PIIMask.phone(phone)
    }

    public func email(_ email: String?, in view: PIIView) -> String? {
        guard let email else { return nil }
        return shows(in: view) ? email : PIIMask.email(email)
    }

    public func shows(in view: PIIView) -> Bool {
        switch (visibility, view) {
        case (.full, _), (.maskedInLists, .card): true
        case (.maskedInLists, .list), (.masked, _): false
        }
    }

    /// Whether showing a card to this caller is a reveal the audit trail must record.
    public var cardIsAuditedReveal: Bool { visibility == .maskedInLists }
}

extension TenantRequestContext {
    public var pii: PIIPresenter { scope.pii }
}
