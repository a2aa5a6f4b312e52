import CRMCore

/// The object policy of SPEC §1: which records of the tenant a caller may touch. A specialist
/// acts only on records that belong to them (their appointments and those appointments'
/// clients); every other role on all of the tenant's records. Repositories turn `.ownedBy` into
/// a SQL condition; single records outside the scope answer 404, like another tenant's.
public enum RecordScope: Sendable, Equatable {
    case all
    case ownedBy(UserID)

    /// Whether a record whose owners (assigned users) are `owners` is inside the scope.
    public func includes(owners: some Sequence<UserID>) -> Bool {
        switch self {
        case .all: true
        case .ownedBy(let user): owners.contains(user)
        }
    }

    public func includes(owner: UserID?) -> Bool {
        includes(owners: owner.map { [$0] } ?? [])
    }
}
