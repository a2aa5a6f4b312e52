import CRMCore
import Hummingbird
import Tenancy

/// Request reading shared by the location, staff and room controllers.
enum SchedulingRequest {
    static func overrideId(_ context: TenantRequestContext) throws -> ScheduleOverrideID {
        let id = try context.pathID("overrideId", as: ScheduleOverrideID.self)
        return id
    }

    /// The query as ordered name/value pairs, for `ListQuery.parse`.
    static func query(_ request: Request) -> [(name: String, value: String)] {
        request.decodedQuery.pairs
    }
}
