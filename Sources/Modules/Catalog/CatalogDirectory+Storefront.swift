import CRMCore
import Foundation

/// What the public storefront shows of the catalog: only what a client may book.
extension CatalogDirectory {
    /// Active services marked bookable online, by category then name.
    public func bookableServices() async throws -> [StudioService] {
        var services: [StudioService] = []
        var cursor: String?
        repeat {
            let page = try await ServicesRepository(sql: sql, tenantId: tenantId).list(
                .init(active: true, onlineBookable: true), sort: [], page: PageRequest(limit: 100, cursor: cursor))
            services += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return services.sorted { ($0.category, $0.name) < ($1.category, $1.name) }
    }

    /// The studio's active locations (address and weekly hours on the storefront's card).
    public func activeLocations() async throws -> [Location] {
        var locations: [Location] = []
        var cursor: String?
        repeat {
            let page = try await LocationRepository(sql: sql, tenantId: tenantId).list(.init(active: true), page: PageRequest(limit: 100, cursor: cursor))
            locations += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return locations.sorted { ($0.isDefault ? 0 : 1, $0.name) < ($1.isDefault ? 0 : 1, $1.name) }
    }
}
