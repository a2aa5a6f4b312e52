import CRMCore
import CRMServer
import Foundation
import HummingbirdTesting
import Modules
import SQLKit
import Tenancy
import Testing
import TestSupport

/// What `/exports` answers for one export.
struct ExportAnswer: Decodable, Sendable {
    struct Progress: Decodable, Sendable {
        let done: Int
        let total: Int
        let percent: Int
    }
    let id: String
    let status: String
    let progress: Progress
    let fileName: String
    let sizeBytes: Int?
    let sha256: String?
    let downloadUrl: String?
}

struct ExportList: Decodable, Sendable {
    let items: [ExportAnswer]
}

struct NoteBody: Encodable {
    let body: String
}

enum ExportTesting {
    /// A folder of its own for one test's archives.
    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("exports-\(UUID().uuidString)").path
    }

    /// Runs the queued export jobs through the application's own handlers (the demo studio's
    /// other due jobs, reminders and outbox, are not what these tests are about).
    static func runExportJobs(_ app: TestApp, kind: String = DataExportService.buildKind, handlers: JobHandlers? = nil) async throws {
        let store = JobStore(database: app.database)
        for row in try await app.database.sql.raw("SELECT id FROM jobs WHERE kind = \(bind: kind) AND status = 'queued'").all() {
            let job = try #require(try await store.find(try row.decode(column: "id", as: UUID.self)))
            let handler = try #require((handlers ?? app.jobs.handlers).handler(for: kind))
            try await handler(JobContext(job: job, database: app.database, clock: app.clock, logger: testLogger))
            try await app.database.sql.raw("UPDATE jobs SET status = 'done' WHERE id = \(bind: job.id)").run()
        }
    }

    /// The cleanup, as the hourly schedule runs it.
    static func runCleanup(_ app: TestApp) async throws {
        try await Jobs.enqueue(NewJob(kind: DataExportService.cleanupKind, queue: .heavy), at: app.clock.now(), on: app.database.sql)
        try await runExportJobs(app, kind: DataExportService.cleanupKind)
    }

    /// The demo studio `slug` (rows in every domain) and its owner's bearer token.
    static func demoStudio(_ app: TestApp, slug: String) async throws -> (tenant: Tenant, token: String) {
        let config = try testConfig()
        let dependencies = AppDependencies(
            database: app.database, clock: SystemClock(), metrics: AppMetrics(),
            catalog: try MessageCatalog.load(from: config.langDirectory, defaultLocale: config.appLocale), logger: testLogger,
            emailSender: RecordingEmailSender(), ownsDatabase: false)
        var options = DemoStudio.Options()
        options.slug = slug
        options.clients = 12
        options.pastDays = 8
        options.futureDays = 3
        options.ownerEmail = "owner@\(slug).test"
        options.managerEmail = "manager@\(slug).test"
        _ = try await DemoStudio(config: config, dependencies: dependencies, options: options).seed(now: testNow)
        let tenant = try #require(try await TenantRecords.find(slug: slug, on: app.database.sql))
        let owner = try #require(
            try await app.database.sql.raw("SELECT id FROM users WHERE tenant_id = \(bind: tenant.id) AND role = 'owner'").first())
        let ownerId = try owner.decode(column: "id", as: UserID.self)
        let token = try await AccessTokenStore(sql: app.database.sql, tenantId: tenant.id, userId: ownerId)
            .create(name: "test", expiresAt: nil, now: testNow).secret
        return (tenant, token)
    }

    /// Each CSV of the archive as rows of fields, read by Python's zipfile and csv modules.
    static func read(zip bytes: Data) throws -> [String: [[String]]] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).zip")
        try bytes.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let script = """
            import csv, io, json, sys, zipfile
            out = {}
            with zipfile.ZipFile(sys.argv[1]) as z:
                assert z.testzip() is None, "bad CRC"
                for name in z.namelist():
                    data = z.read(name)
                    assert not data.startswith(b"\\xef\\xbb\\xbf"), name + " has a BOM"
                    if name.endswith(".csv"):
                        out[name] = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
                    else:
                        out[name] = [[data.decode("utf-8")]]
            print(json.dumps(out))
            """
        let json = try TestPython.run(["-c", script, url.path], package: "zipfile", variable: "VELORIA_TEST_PYTHONPATH")
        return try JSONDecoder().decode([String: [[String]]].self, from: Data(json.utf8))
    }

    static func count(_ database: Database, _ export: TableExport, tenant: TenantID) async throws -> Int {
        let row = try await database.sql.raw(
            "SELECT COUNT(*) AS n FROM \(unsafeRaw: export.table) WHERE \(unsafeRaw: export.tenantColumn) = \(bind: tenant)"
        ).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}

/// A source whose reading breaks after its first batch.
struct BrokenExportSource: DataExportSource {
    struct Broken: Error {}
    let fileName = "broken.csv"
    let columns = ["a"]

    func count(tenant: TenantID, on sql: any SQLDatabase) async throws -> Int { 2 }

    func forEachBatch(tenant: TenantID, on sql: any SQLDatabase, batchSize: Int, _ body: ([[String]]) async throws -> Void) async throws {
        try await body([["first"]])
        throw Broken()
    }
}
