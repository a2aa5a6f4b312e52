import CRMCore
import Foundation
import Modules
import Tenancy
import Testing
import TestSupport

/// An export that cannot be written ends `failed`, with no file left behind, and does not block the next.
@Suite struct DataExportFailureTests {
    @Test func anExportThatCannotBeWrittenFailsLeavesNoFileAndDoesNotBlockTheNext() async throws {
        let directory = ExportTesting.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withTestApp { client, app in
            // given: the export service over a source that breaks half-way
            let world = try await StudioWorld.studio(client, app)
            let service = DataExportService(
                database: app.database, sources: [BrokenExportSource()], directory: URL(fileURLWithPath: directory, isDirectory: true))
            let handlers = JobHandlers()
            service.register(in: handlers)
            let scope = TenantScope(tenant: world.tenant, actor: .user(world.owner.id, .owner), clock: app.clock, correlationId: "test")
            let export = try await service.request(scope: scope)
            // when
            try await ExportTesting.runExportJobs(app, handlers: handlers)
            // then
            let failed = try await service.find(export.id, scope: scope)
            #expect(failed.status == .failed && failed.error == "internal_error")
            let folder = URL(fileURLWithPath: directory).appendingPathComponent(world.tenantId.description).path
            #expect((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] == [], "no partial file is left")
            await #expect(throws: AppError.conflict("export_failed")) { try await service.download(export.id, scope: scope) }
            let next = try await service.request(scope: scope)
            #expect(next.status == .queued)
        }
    }
}
