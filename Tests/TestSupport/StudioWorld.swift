import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Plans
import Tenancy

/// Where a world keeps its rows: `TestApp` in the module tests.
public protocol StudioHost: Sendable {
    var database: Database { get }
}

/// A studio for a test, built step by step through the API:
///
///     let world = try await StudioWorld.studio(client, app)
///         .withDefaultLocation().withService(.cut).withStaff("Anna").withRoom("Room 1").withClient("Maria Client")
///
/// `studio` makes the tenant (Europe/London, on imperium so no plan gate hides a route) with its
/// owner's access token; each `with…` step creates one row as the owner and answers the world with
/// it. The presets (`booking`, `availability`, `slotCache`, `payment`) are the studios the suites
/// share. `add…` creates a row in the middle of a test and answers its id.
public struct StudioWorld: Sendable {
    public let client: any TestClientProtocol
    public let database: Database
    public let tenant: Tenant
    public let owner: User
    public let token: String
    /// Created by the `with…` steps, in order.
    public private(set) var locationIds: [String] = []
    public private(set) var serviceIds: [String] = []
    public private(set) var staffIds: [String] = []
    public private(set) var roomIds: [String] = []
    public private(set) var clientIds: [String] = []
    public private(set) var invoiceIds: [String] = []

    public var tenantId: TenantID { tenant.id }
    public var slug: String { tenant.slug }

    /// A tenant with its owner and the owner's bearer token; nothing else.
    public static func studio(_ client: any TestClientProtocol, _ host: some StudioHost, plan: Plan = .imperium) async throws -> StudioWorld {
        let (tenant, owner) = try await Fixtures.tenant(in: host.database)
        try await Fixtures.setPlan(in: host.database, tenant: tenant, plan)
        let token = try await Fixtures.bearer(in: host.database, for: owner)
        return StudioWorld(client: client, database: host.database, tenant: tenant, owner: owner, token: token)
    }
}

// The first row of each kind, for worlds built with that step (a missing step is a broken test).
extension StudioWorld {
    public var defaultLocationId: String { first(locationIds, "withDefaultLocation") }
    public var serviceId: String { first(serviceIds, "withService") }
    public var staffId: String { first(staffIds, "withStaff") }
    public var roomId: String { first(roomIds, "withRoom") }
    public var clientId: String { first(clientIds, "withClient") }
    public var invoiceId: String { first(invoiceIds, "withInvoice") }

    private func first(_ ids: [String], _ step: String) -> String {
        guard let id = ids.first else { preconditionFailure("this StudioWorld was built without .\(step)()") }
        return id
    }
}

// MARK: - Steps

extension StudioWorld {
    /// The location provisioning made, as `GET /locations` lists it.
    public func withDefaultLocation() async throws -> StudioWorld {
        struct Location: Decodable { let id: String; let isDefault: Bool }
        struct Page: Decodable { let items: [Location] }
        let response = try await client.execute(uri: "/api/v1/locations", method: .get, headers: [.authorization: "Bearer \(token)"], body: nil)
        let page = try apiDecoder.decode(Page.self, from: response.body)
        guard let location = page.items.first(where: \.isDefault) else { throw FixtureFailure("no default location: \(response.status.code)") }
        var world = self
        world.locationIds.append(location.id)
        return world
    }

    public func withService(_ service: NewService) async throws -> StudioWorld {
        var world = self
        world.serviceIds.append(try await addService(service))
        return world
    }

    /// A staff member performing `performs` (nil: every service of the world) on `hours` every day
    /// (nil: the API's default schedule).
    public func withStaff(_ name: String, hours: [[String]]? = nil, performs: [String]? = nil) async throws -> StudioWorld {
        var world = self
        world.staffIds.append(try await addStaff(name, hours: hours, performs: performs))
        return world
    }

    /// A room at the default location hosting every service of the world.
    public func withRoom(_ name: String) async throws -> StudioWorld {
        var world = self
        world.roomIds.append(try await addRoom(NewRoom(name: name, serviceIds: serviceIds)))
        return world
    }

    public func withClient(_ name: String) async throws -> StudioWorld {
        var world = self
        world.clientIds.append(try await addClient(NewClient(name: name)))
        return world
    }

    /// An issued invoice for the world's client: one free-text item of `total`.
    public func withInvoice(total: String) async throws -> StudioWorld {
        var world = self
        world.invoiceIds.append(
            try await client.create(
                "/api/v1/invoices", token: token,
                NewInvoice(clientId: clientId, items: [.init(description: "Manicure", unitPrice: total)]), as: CreatedID.self
            ).id)
        return world
    }
}

// MARK: - Rows in the middle of a test

extension StudioWorld {
    public func addService(_ service: NewService) async throws -> String {
        try await client.create("/api/v1/services", token: token, service, as: CreatedID.self).id
    }

    public func addStaff(_ name: String = "Anna", hours: [[String]]? = nil, performs: [String]? = nil, userId: String? = nil) async throws
        -> String
    {
        let body = NewStaff(name: name, schedule: hours.map(everyDay), serviceIds: performs ?? serviceIds, userId: userId)
        return try await client.create("/api/v1/staff", token: token, body, as: CreatedID.self).id
    }

    public func addRoom(_ room: NewRoom) async throws -> String {
        try await client.create("/api/v1/rooms", token: token, room, as: CreatedID.self).id
    }

    public func addClient(_ body: NewClient) async throws -> String {
        try await client.create("/api/v1/clients", token: token, body, as: CreatedID.self).id
    }

    /// A user of the studio with `role` and their bearer token.
    public func member(_ role: Role) async throws -> (user: User, token: String) {
        let user = try await Fixtures.user(in: database, tenant: tenant, role: role)
        return (user, try await Fixtures.bearer(in: database, for: user))
    }
}
