import CRMCore
import Foundation

/// A room (or chair, cabinet) of a location, with the services it can host (SPEC §3). Names are
/// unique within a location, ignoring case.
public struct Room: Sendable, Equatable {
    public var id: RoomID
    public var tenantId: TenantID
    public var name: String
    public var locationId: LocationID
    public var active: Bool
    /// The services it can host, sorted.
    public var serviceIds: [ServiceID]
    public var createdAt: Date
    public var updatedAt: Date

    public var auditSnapshot: JSONValue {
        .object([
            "id": .string(id.description), "name": .string(name), "locationId": .string(locationId.description), "active": .bool(active),
            "serviceIds": .array(serviceIds.map { .string($0.description) }),
        ])
    }
}
