import CRMCore
import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import Modules
import SQLKit
import Tenancy
import Testing
import TestSupport

@testable import CRMServer

/// The owner's export of all the studio's data: a ZIP of CSV files built by a job, on both databases.
@Suite struct DataExportTests {
    @Test func aStudiosExportHoldsEveryFileWithExactlyItsOwnRowsAndTrickyValuesRoundTrip() async throws {
        let directory = ExportTesting.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sms = ScriptedSender(provider: "smsc", channel: .sms)
        try await withTestApp(config: ["exports.directory": directory], senders: ScriptedSenders(sms)) { client, app in
            // given: a studio with rows in every domain, tricky text, and a second studio
            let (studio, token) = try await ExportTesting.demoStudio(app, slug: "export-a")
            let tricky = "=Smith, \"Jo\" @home"
            let trickyId = try await client.create("/api/v1/clients", token: token, NewClient(name: tricky, phone: "+79990001122"), as: CreatedID.self).id
            let note = "line one,\nline \"two\"\r\n-3+4"
            let added = try await client.call(.post, "/api/v1/clients/\(trickyId)/notes", as: .bearer(token), body: NoteBody(body: note))
            #expect(added.status == .created)
            let text = "@SUM(A1), \"quoted\""
            let sent = try await client.call(
                .post, "/api/v1/messages", as: .bearer(token), json: #"{"clientId":"\#(trickyId)","text":"@SUM(A1), \"quoted\""}"#)
            #expect(sent.status == .accepted, "\(sent.text)")
            let other = try await StudioWorld.studio(client, app).withClient("Bravo Only Client")
            // when
            let requested = try await client.call(.post, "/api/v1/exports", as: .bearer(token))
            #expect(requested.status == .accepted)
            let export = try requested.decoded(ExportAnswer.self)
            #expect(export.status == "queued")
            try await ExportTesting.runExportJobs(app)
            let done = try await client.call(.get, "/api/v1/exports/\(export.id)", as: .bearer(token)).decoded(ExportAnswer.self)
            let download = try await client.call(.get, "/api/v1/exports/\(export.id)/download", as: .bearer(token))
            // then: ready, at 100 %, and the file is what the record says
            #expect(done.status == "ready" && done.progress.percent == 100)
            #expect(done.progress.done == done.progress.total && done.progress.total > 100, "\(done.progress)")
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "application/zip")
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"\(done.fileName)\"")
            let bytes = Data(download.body.readableBytesView)
            #expect(bytes.count == done.sizeBytes)
            #expect(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() == done.sha256)
            let files = try ExportTesting.read(zip: bytes)
            // every file: its header, and as many rows as the studio has in the table
            #expect(Set(files.keys) == Set(DataExportWiring.sources.map(\.fileName) + ["README.txt"]))
            for source in DataExportWiring.sources {
                let rows = try #require(files[source.fileName])
                #expect(rows.first == source.columns, "\(source.fileName)")
                let table = try #require(source as? TableExport)
                #expect(rows.count - 1 == (try await ExportTesting.count(app.database, table, tenant: studio.id)), "\(source.fileName)")
            }
            for file in [
                "clients.csv", "appointments.csv", "invoices.csv", "payments.csv", "messages.csv", "settings.csv", "users.csv", "client_wallets.csv",
                "wallet_entries.csv", "client_discounts.csv",
            ] {
                #expect((files[file]?.count ?? 0) > 1, "\(file) has rows")
            }
            // nothing of the other studio, and no credential
            let everything = files.values.flatMap { $0.flatMap { $0 } }.joined(separator: "\u{1}")
            #expect(!everything.contains("Bravo Only Client"))
            #expect(!everything.contains(other.clientId.lowercased()))
            #expect(!everything.contains(other.tenantId.description.lowercased()))
            #expect(!everything.contains("$2"), "no bcrypt hash")
            #expect(files["users.csv"]?.first?.contains("password_hash") == false)
            // tricky values: quoted and guarded, read back whole
            let clients = try #require(files["clients.csv"])
            let name = clients[0].firstIndex(of: "name")!
            #expect(clients.contains { $0[name] == "'" + tricky })
            let notes = try #require(files["client_notes.csv"])
            let body = notes[0].firstIndex(of: "body")!
            #expect(notes.contains { $0[body] == note })
            let messages = try #require(files["messages.csv"])
            let messageBody = messages[0].firstIndex(of: "body")!
            #expect(messages.contains { $0[messageBody] == "'" + text })
            // money exact, times in UTC with offset
            let appointments = try #require(files["appointments.csv"])
            let price = appointments[0].firstIndex(of: "price")!, starts = appointments[0].firstIndex(of: "starts_at")!
            #expect(appointments.dropFirst().allSatisfy { $0[price].range(of: #"^-?\d+\.\d\d$"#, options: .regularExpression) != nil })
            #expect(appointments.dropFirst().allSatisfy { $0[starts].hasSuffix("+00:00") })
            // the download is in the audit trail
            let audited = try await app.database.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_log WHERE tenant_id = \(bind: studio.id) AND action = 'data_export.downloaded'"
            ).first()?.decode(column: "n", as: Int.self)
            #expect(audited == 1)
        }
    }

    @Test func aDownloadBeforeReadyIs409AndOneExportRunsAtATime() async throws {
        let directory = ExportTesting.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withTestApp(config: ["exports.directory": directory]) { client, app in
            // given
            let world = try await StudioWorld.studio(client, app).withClient("Maria")
            let first = try await client.call(.post, "/api/v1/exports", as: .bearer(world.token)).decoded(ExportAnswer.self)
            // when
            let early = try await client.call(.get, "/api/v1/exports/\(first.id)/download", as: .bearer(world.token))
            let second = try await client.call(.post, "/api/v1/exports", as: .bearer(world.token))
            try await ExportTesting.runExportJobs(app)
            app.clock.advance(by: 60)
            let afterwards = try await client.call(.post, "/api/v1/exports", as: .bearer(world.token))
            let list = try await client.call(.get, "/api/v1/exports", as: .bearer(world.token)).decoded(ExportList.self)
            // then
            #expect(early.status == .conflict && early.errorCode == "export_not_ready")
            #expect(second.status == .conflict && second.errorCode == "export_in_progress")
            #expect(afterwards.status == .accepted, "a finished export does not block the next")
            #expect(list.items.map(\.id) == [try afterwards.decoded(ExportAnswer.self).id, first.id], "newest first")
            #expect(list.items.map(\.status) == ["queued", "ready"])
        }
    }

    @Test(arguments: [Role.manager, .receptionist, .specialist, .finance, .readOnly])
    func onlyTheOwnerMayExport(role: Role) async throws {
        let directory = ExportTesting.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withTestApp(config: ["exports.directory": directory]) { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let export = try await client.call(.post, "/api/v1/exports", as: .bearer(world.token)).decoded(ExportAnswer.self)
            try await ExportTesting.runExportJobs(app)
            let member = try await world.member(role)
            // when
            let answers = [
                try await client.call(.post, "/api/v1/exports", as: .bearer(member.token)),
                try await client.call(.get, "/api/v1/exports", as: .bearer(member.token)),
                try await client.call(.get, "/api/v1/exports/\(export.id)", as: .bearer(member.token)),
                try await client.call(.get, "/api/v1/exports/\(export.id)/download", as: .bearer(member.token)),
            ]
            // then
            #expect(answers.map(\.status) == [.forbidden, .forbidden, .forbidden, .forbidden])
            #expect(answers.allSatisfy { $0.errorCode == "permission_denied" }, "\(answers.map(\.errorCode))")
        }
    }

    @Test func anotherStudioCannotSeeListDownloadOrDetectAnExport() async throws {
        let directory = ExportTesting.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // On a real socket, so the owner's download below is the archive streamed from disk over HTTP.
        try await withTestApp(.live, config: ["exports.directory": directory]) { client, app in
            // given: studio A's export is ready
            let a = try await StudioWorld.studio(client, app).withClient("Alpha")
            let b = try await StudioWorld.studio(client, app)
            let export = try await client.call(.post, "/api/v1/exports", as: .bearer(a.token)).decoded(ExportAnswer.self)
            try await ExportTesting.runExportJobs(app)
            // when
            let list = try await client.call(.get, "/api/v1/exports", as: .bearer(b.token)).decoded(ExportList.self)
            let show = try await client.call(.get, "/api/v1/exports/\(export.id)", as: .bearer(b.token))
            let download = try await client.call(.get, "/api/v1/exports/\(export.id)/download", as: .bearer(b.token))
            let unknown = try await client.call(.get, "/api/v1/exports/\(UUID().uuidString.lowercased())/download", as: .bearer(b.token))
            let own = try await client.call(.get, "/api/v1/exports/\(export.id)/download", as: .bearer(a.token))
            // then: A's export is exactly as invisible to B as an id that does not exist
            #expect(list.items.isEmpty)
            #expect(show.status == .notFound && download.status == .notFound)
            #expect(download.errorCode == unknown.errorCode && download.status == unknown.status)
            #expect(own.status == .ok, "the probe reached a real, ready export")
            #expect(own.headers[.contentLength] == String(own.body.readableBytes) && own.body.readableBytes > 22)
            #expect(Array(own.body.readableBytesView.prefix(4)) == [0x50, 0x4b, 0x03, 0x04], "a ZIP's first local header")
        }
    }

    @Test func anExpiredExportsFileIsDeletedAndItsDownloadIsGone() async throws {
        let directory = ExportTesting.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withTestApp(config: ["exports.directory": directory]) { client, app in
            // given: a ready export
            let world = try await StudioWorld.studio(client, app).withClient("Maria")
            let export = try await client.call(.post, "/api/v1/exports", as: .bearer(world.token)).decoded(ExportAnswer.self)
            try await ExportTesting.runExportJobs(app)
            let file = URL(fileURLWithPath: directory).appendingPathComponent(world.tenantId.description).appendingPathComponent("\(export.id.lowercased()).zip")
            #expect(FileManager.default.fileExists(atPath: file.path))
            // when: the cleanup runs within the retention, then after it
            app.clock.advance(by: DataExportPolicy.retention - 3600)
            try await ExportTesting.runCleanup(app)
            let kept = FileManager.default.fileExists(atPath: file.path)
            app.clock.advance(by: 7200)
            try await ExportTesting.runCleanup(app)
            // then
            #expect(kept, "a ready export stays for the whole retention")
            #expect(!FileManager.default.fileExists(atPath: file.path))
            let after = try await client.call(.get, "/api/v1/exports/\(export.id)", as: .bearer(world.token)).decoded(ExportAnswer.self)
            #expect(after.status == "expired" && after.downloadUrl == nil)
            let download = try await client.call(.get, "/api/v1/exports/\(export.id)/download", as: .bearer(world.token))
            #expect(download.status == .gone && download.errorCode == "export_expired")
        }
    }
}
