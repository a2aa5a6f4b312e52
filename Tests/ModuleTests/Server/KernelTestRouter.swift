import CRMCore
import Foundation
import Hummingbird
import SQLKit
import Tenancy
import TestSupport

@testable import CRMServer

/// A router with the application's kernel middleware and routes made for testing it (a JSON
/// body to validate, an error to throw, a side effect to make idempotent).
func kernelTestApplication(database: Database, clock: FixedClock, config: AppConfig) throws -> some ApplicationProtocol {
    let dependencies = AppDependencies(
        database: database, clock: clock, metrics: AppMetrics(),
        catalog: try MessageCatalog.load(from: config.langDirectory, defaultLocale: config.appLocale), logger: testLogger,
        ownsDatabase: false, providerClients: testProviderClients)
    let routeIndex = RouteIndex()
    let router = Router(context: APIRequestContext.self)
    KernelMiddleware.add(to: router, config: config, dependencies: dependencies, routeIndex: routeIndex)

    struct Booking: Decodable {
        let name: String
        let price: Int
    }
    struct Created: ResponseEncodable {
        let id: UUID
        let sequence: Int
        let name: String
    }
    router.post("test/bookings") { request, context -> EditedResponse<Created> in
        let input = try await request.decodeJSON(as: Booking.self, context: context)
        if input.price < 0 { throw AppError.validation(field: "price", "negative") }
        // Slow enough that concurrent duplicates overlap with this one.
        try await Task.sleep(for: .milliseconds(150))
        let id = UUID()
        try await database.sql.raw("INSERT INTO effects (id, name) VALUES (\(bind: id), \(bind: input.name))").run()
        let sequence = try await database.sql.raw("SELECT COUNT(*) AS n FROM effects").first(decoding: [String: Int].self)?["n"] ?? 0
        return EditedResponse(status: .created, headers: [.location: "/test/bookings/\(id)"], response: Created(id: id, sequence: sequence, name: input.name))
    }
    router.get("test/crash") { _, _ -> String in
        struct SecretInternalFailure: Error { let detail = "database password is hunter2" }
        throw SecretInternalFailure()
    }
    router.get("test/conflict") { _, _ -> String in
        throw AppError.conflict("slot_taken", details: ["startsAt": "2026-06-01T10:00:00+01:00"])
    }
    routeIndex.register(router.routes.map { (method: $0.method, path: $0.path) })
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: testLogger)
}

func createEffectsTable(_ database: Database) async throws {
    try await database.sql.raw("CREATE TABLE effects (id \(unsafeRaw: database.dialect.types.uuid) PRIMARY KEY, name TEXT NOT NULL)").run()
}

func effectCount(_ database: Database) async throws -> Int {
    try await database.sql.raw("SELECT COUNT(*) AS n FROM effects").first(decoding: [String: Int].self)?["n"] ?? -1
}
