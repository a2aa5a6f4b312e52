import CRMCore
import CRMServer
import Foundation
import Logging
import Providers
import Synchronization
import Testing
import TestSupport

/// Account emails leave through the deployment's sender (`MAIL_URL`), and without one the log
/// says an email was not delivered without ever carrying its link.
@Suite struct AccountEmailDeliveryTests {
    @Test func aPasswordResetArrivesThroughTheConfiguredSMTPServerAndItsLinkWorks() async throws {
        try await LocalSMTPServer.run { server in
            // given: MAIL_URL names the local SMTP server
            let config = try testConfig([
                "mail.url": "smtp://\(LocalSMTPServer.user):\(LocalSMTPServer.password)@127.0.0.1:\(server.port)?from=noreply@veloria.test&name=Veloria&security=none"
            ])
            let sender = AppDependencies.accountEmailSender(config: config, clients: testProviderClients, logger: testLogger)
            try await withTestApp(emailSender: sender) { client, app in
                _ = try await AuthFlow.register(client, slug: "smtp-reset", email: "owner@smtp-reset.test")
                // when
                let asked = try await client.call(.post, "/api/v1/auth/password/reset-request", json: #"{"email":"owner@smtp-reset.test"}"#)
                #expect(asked.status == .accepted)
                // then: the server received the sign-up's address confirmation and the reset, both
                // for the owner and from the configured address
                #expect(try server.received().count == 2)
                let mails = try [server.parsed(1), server.parsed(2)]
                #expect(mails.allSatisfy { $0.to == "owner@smtp-reset.test" && $0.from.contains("noreply@veloria.test") })
                let texts = mails.compactMap { $0.parts.first { $0.type == "text/plain" }?.content }
                #expect(texts.contains { $0.contains("/#/verify-email?token=") })
                let text = try #require(texts.first { $0.contains("/#/reset-password?token=") })
                let token = try #require(Self.token(in: text))
                #expect(app.mail.sent.isEmpty, "the recording double was not used")
                // and the emailed link resets the password
                let reset = try await client.call(
                    .post, "/api/v1/auth/password/reset", json: #"{"token":"\#(token)","password":"mailed new secret"}"#)
                #expect(reset.status == .noContent)
                #expect(try await AuthFlow.login(client, email: "owner@smtp-reset.test", password: "mailed new secret").status == .ok)
            }
        }
    }

    @Test func withoutMailURLTheLogNotesTheEmailButNeverItsLink() async throws {
        let lines = LogLines()
        var logger = Logger(label: "veloria.test") { _ in lines }
        logger.logLevel = .info
        let sender = AppDependencies.accountEmailSender(config: try testConfig(), clients: testProviderClients, logger: logger)
        try await sender.send(
            EmailMessage(to: "owner@example.test", subject: "Reset your password", text: "Open https://x.test/#/reset?token=SECRET-TOKEN-123"))
        let logged = lines.all.joined(separator: "\n")
        #expect(logged.contains("MAIL_URL is not set"), "the boot line says account emails are not sent")
        #expect(logged.contains("email not delivered"))
        #expect(logged.contains("Reset your password"))
        #expect(!logged.contains("SECRET-TOKEN-123"))
        #expect(!logged.contains("owner@example.test"), "the address is masked")
    }

    @Test func aBadMailURLStopsTheBootWithOneClearLine() throws {
        for (url, words) in [
            ("smtp://mail.example.com:587", "from="), ("ftp://x@mail.example.com?from=a@b.test", "smtp://"),
            ("mailgun://mg.example.com?from=a@b.test", "API key"), ("smtps://mail.example.com?from=a@b.test&security=none", "security="),
        ] {
            do {
                _ = try testConfig(["mail.url": url])
                Issue.record("\(url) was accepted")
            } catch let error as ConfigError {
                #expect(error.problems.contains { $0.contains("MAIL_URL") && $0.contains(words) }, "\(url): \(error.problems)")
            }
        }
    }

    static func token(in text: String) -> String? {
        guard let range = text.range(of: "token=") else { return nil }
        return String(text[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }
}

/// Every log line (message and metadata) a logger wrote, for assertions on what a log carries.
final class LogLines: LogHandler, @unchecked Sendable {
    private let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var all: [String] { lines.withLock { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let extra = metadata.merging(event.metadata ?? [:]) { _, own in own }.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
        lines.withLock { $0.append("\(event.message) \(extra)") }
    }
}
