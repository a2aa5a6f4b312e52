import CRMCore
import Foundation
import Hummingbird

/// Liveness and readiness probes.
public struct HealthController<Context: AppContext>: Sendable {
    let database: Database
    let migrations: MigrationRunner
    let redis: RedisEndpoint?
    let catalog: MessageCatalog

    public init(database: Database, migrations: MigrationRunner, redis: RedisEndpoint?, catalog: MessageCatalog) {
        self.database = database
        self.migrations = migrations
        self.redis = redis
        self.catalog = catalog
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("health", use: live)
        group.get("health/ready", use: ready)
    }

    struct Liveness: ResponseEncodable {
        let status: String
        let time: String
    }

    /// The process is up and serving; touches nothing else.
    @Sendable func live(_ request: Request, context: Context) async throws -> Liveness {
        Liveness(status: "ok", time: TenantTime.formatISO(context.clock.now(), in: TimeZone(identifier: "UTC")!))
    }

    struct Readiness: ResponseEncodable {
        let status: String
        let checks: [String: String]
    }

    /// Ready to take traffic: the database answers, its schema is current, Redis (when
    /// configured) answers. Otherwise 503 `not_ready` with each check in `details`.
    @Sendable func ready(_ request: Request, context: Context) async throws -> Response {
        var checks: [String: String] = [:]
        let databaseUp = await database.ping()
        checks["database"] = databaseUp ? "ok" : "unreachable"
        if databaseUp {
            let pending = (try? await migrations.pending().count) ?? -1
            checks["migrations"] = pending == 0 ? "ok" : pending < 0 ? "unknown" : "pending"
        } else {
            checks["migrations"] = "unknown"
        }
        if let redis {
            checks["redis"] = await RedisConnection.ping(redis) ? "ok" : "unreachable"
        } else {
            checks["redis"] = "not_configured"
        }
        let ready = checks.values.allSatisfy { $0 == "ok" || $0 == "not_configured" }
        guard ready else {
            let error = AppError(
                status: .serviceUnavailable, code: "not_ready", details: ["checks": .object(checks.mapValues { .string($0) })])
            return ErrorResponse.make(error, requestId: context.requestId, locale: context.locale, catalog: catalog)
        }
        return try Readiness(status: "ready", checks: checks).response(from: request, context: context)
    }
}
