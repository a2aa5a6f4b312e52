import CRMCore
import Foundation
import SQLKit

/// The keyset condition every timeline source's repository appends to its query: the SQL side of
/// `TimelinePosition`.
extension TimelinePosition {
    /// The SQL condition "strictly after this position" for a source whose entries all have
    /// `kind`, on its time and id columns (code constants, possibly table-qualified: `a.starts_at`).
    public func before(kind: String, time: String, id column: String) -> SQLQueryString {
        if kind < self.kind {
            return "\(unsafeRaw: time) <= \(bind: at)"
        } else if kind > self.kind {
            return "\(unsafeRaw: time) < \(bind: at)"
        }
        return "(\(unsafeRaw: time) < \(bind: at) OR (\(unsafeRaw: time) = \(bind: at) AND \(unsafeRaw: column) < \(bind: id)))"
    }
}
