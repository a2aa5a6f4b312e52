import CRMCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Modules
import Testing
import Tenancy
import TestSupport

@testable import CRMServer

@Suite struct HealthAndMetricsTests {
    struct Liveness: Decodable { let status: String; let time: String }
    struct Readiness: Decodable { let status: String; let checks: [String: String] }

    @Test func livenessAnswersWithTheClockTime() async throws {
        try await withTestApp { client, _ in
            try await client.execute(uri: "/api/v1/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try apiDecoder.decode(Liveness.self, from: response.body)
                #expect(body.status == "ok")
                #expect(body.time == "2026-06-01T09:00:00+00:00")
            }
        }
    }

    @Test func readinessChecksDatabaseMigrationsAndRedis() async throws {
        let redis = ProcessInfo.processInfo.environment["REDIS_URL"]
        try await withTestApp(config: redis.map { ["redis.url": $0] } ?? [:]) { client, _ in
            try await client.execute(uri: "/api/v1/health/ready", method: .get) { response in
                #expect(response.status == .ok)
                let body = try apiDecoder.decode(Readiness.self, from: response.body)
                #expect(body.status == "ready")
                #expect(body.checks["database"] == "ok")
                #expect(body.checks["migrations"] == "ok")
                #expect(body.checks["redis"] == (redis == nil ? "not_configured" : "ok"))
            }
        }
    }

    @Test func readinessIs503WhenRedisIsDown() async throws {
        try await withTestApp(config: ["redis.url": "redis://127.0.0.1:1"]) { client, _ in
            try await client.execute(uri: "/api/v1/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try apiDecoder.decode(ErrorBody.self, from: response.body)
                #expect(body.error.code == "not_ready")
                #expect(body.error.details?["checks"] == .object(["database": "ok", "migrations": "ok", "redis": "unreachable"]))
            }
        }
    }

    @Test func readinessIs503WhileMigrationsArePending() async throws {
        try await TestDatabase.with(migrations: MigrationRegistry.all) { database in
            // given: the code knows a migration the database has not run
            let extra = Migration(module: "zz_test", number: 1, name: "later") { _ in ["CREATE TABLE zz_later (id INTEGER)"] }
            let runner = try MigrationRunner(database: database, migrations: MigrationRegistry.all + [extra], logger: testLogger)
            let config = try testConfig()
            let catalog = try MessageCatalog.load(from: config.langDirectory, defaultLocale: .en)
            let router = Router(context: APIRequestContext.self)
            router.add(middleware: RequestContextMiddleware(clock: FixedClock(testNow), defaultLocale: .en))
            HealthController(database: database, migrations: runner, redis: nil, catalog: catalog).addRoutes(to: router.group("api/v1"))
            let app = Application(router: router, logger: testLogger)
            // then
            try await app.test(.router) { client in
                try await client.execute(uri: "/api/v1/health/ready", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    let body = try apiDecoder.decode(ErrorBody.self, from: response.body)
                    #expect(body.error.details?["checks"] == .object(["database": "ok", "migrations": "pending", "redis": "not_configured"]))
                }
            }
        }
    }

    @Test func metricsCountRequestsByRoutePatternAndStatus() async throws {
        try await withTestApp { client, _ in
            // given
            for _ in 0..<3 { _ = try await client.execute(uri: "/api/v1/health", method: .get) }
            _ = try await client.execute(uri: "/api/v1/does-not-exist/123", method: .get)
            // when
            try await client.execute(uri: "/api/v1/system/metrics", method: .get) { response in
                // then
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                let healthLine = text.split(separator: "\n").first {
                    $0.hasPrefix("veloria_http_requests_total{") && $0.contains(#"route="/api/v1/health""#) && $0.contains(#"status="200""#)
                }
                #expect(healthLine?.hasSuffix(" 3") == true, "\(text)")
                #expect(text.contains(#"route="unmatched""#))
                #expect(!text.contains("does-not-exist"))
                #expect(text.contains("veloria_http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test func metricsNeedTheBearerTokenWhenOneIsConfigured() async throws {
        try await withTestApp(config: ["metrics.token": "scrape-secret"]) { client, _ in
            try await client.execute(uri: "/api/v1/system/metrics", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/system/metrics", method: .get, headers: [.authorization: "Bearer wrong"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/system/metrics", method: .get, headers: [.authorization: "Bearer scrape-secret"]) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
