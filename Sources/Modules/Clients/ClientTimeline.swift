import CRMCore
import Foundation
import SQLKit
import Tenancy

/// One entry of a client's history (`GET /clients/{id}/history`).
public struct TimelineEntry: Encodable, Sendable {
    /// What the entry is: `note`, `consent`, and with later modules `appointment`, `invoice`,
    /// `payment`, `message`.
    public let kind: String
    public let id: String
    public let at: Date
    /// The entry's own fields, as its module shows them.
    public let data: JSONValue

    public init(kind: String, id: String, at: Date, data: JSONValue) {
        self.kind = kind
        self.id = id
        self.at = at
        self.data = data
    }
}

/// Where the previous page of a history ended. Entries are ordered newest first by
/// `(at, kind, id)`, so entries of several modules at the same instant still have one order.
public struct TimelinePosition: Codable, Sendable {
    public let at: Date
    public let kind: String
    public let id: UUID
}

/// A module's contribution to the client history. Each source answers its own entries of one
/// client, newest first, strictly after `position`, at most `limit`, inside the viewer's record
/// scope (a specialist sees only their own appointments of the client); the history merges them.
/// Appointments, invoices, payments and messages add their source when their issues land.
public protocol ClientTimelineSource: Sendable {
    /// The permission a viewer needs to see this source's entries (money needs `finance.read`);
    /// nil: whoever may read the client.
    var permission: Permission? { get }

    func entries(
        of client: CustomerID, tenant: TenantID, scope: RecordScope, after position: TimelinePosition?, limit: Int, on sql: any SQLDatabase
    ) async throws
        -> [TimelineEntry]
}

extension ClientTimelineSource {
    public var permission: Permission? { nil }
}

/// Merges the sources into one keyset-paginated history.
struct ClientTimeline: Sendable {
    let sources: [any ClientTimelineSource]

    func page(of client: CustomerID, tenant: TenantID, scope: RecordScope, page: PageRequest, on sql: any SQLDatabase) async throws
        -> Page<TimelineEntry>
    {
        let position = try page.cursor.map { cursor throws(AppError) in try Cursor.decode(cursor, as: TimelinePosition.self) }
        var merged: [TimelineEntry] = []
        for source in sources {
            merged += try await source.entries(of: client, tenant: tenant, scope: scope, after: position, limit: page.limit + 1, on: sql)
        }
        merged.sort { ($0.at, $0.kind, $0.id.uppercased()) > ($1.at, $1.kind, $1.id.uppercased()) }
        let items = Array(merged.prefix(page.limit))
        guard merged.count > page.limit, let last = items.last, let id = UUID(uuidString: last.id) else { return Page(items: items, nextCursor: nil) }
        return Page(items: items, nextCursor: Cursor.encode(TimelinePosition(at: last.at, kind: last.kind, id: id)))
    }
}
