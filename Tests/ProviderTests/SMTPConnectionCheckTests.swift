import Foundation
import Providers
import Testing
import TestSupport

/// The SMTP integration check against a real SMTP server (aiosmtpd): connect, EHLO, AUTH, NOOP —
/// the credentials are proved and nothing is sent.
@Suite(.serialized) struct SMTPConnectionCheckTests {
    let transport = CurlSMTPTransport(concurrency: 2)

    func sender(port: Int, security: SMTPServer.Security = .none, password: String = LocalSMTPServer.password, caFile: String? = nil)
        -> SMTPEmailSender
    {
        SMTPEmailSender(
            transport: transport,
            configuration: .init(
                server: SMTPServer(
                    host: "127.0.0.1", port: port, security: security, username: LocalSMTPServer.user, password: password, timeout: .seconds(30),
                    caCertificateFile: caFile),
                fromAddress: "noreply@studio.example"))
    }

    @Test func theRightLoginPassesAndNothingIsSent() async throws {
        try await LocalSMTPServer.run { server in
            // when
            try await sender(port: server.port).verifyConnection()
            // then
            #expect(try server.received().isEmpty)
        }
    }

    @Test func theCheckWorksOverStartTLS() async throws {
        try await LocalSMTPServer.run(security: .startTLS) { server in
            // when
            try await sender(port: server.port, security: .startTLS, caFile: server.certificateFile).verifyConnection()
            // then
            #expect(try server.received().isEmpty)
        }
    }

    @Test func aWrongPasswordIsRejectedForGood() async throws {
        try await LocalSMTPServer.run { server in
            // when
            let failure = try #require(await sendFailure { try await sender(port: server.port, password: "wrong-pass").verifyConnection() })
            // then
            #expect(failure.reason == .authRejected)
            #expect(failure.isPermanent)
            #expect(!"\(failure)".contains("wrong-pass"))
        }
    }

    @Test func noServerIsATemporaryConnectionFailure() async throws {
        // when: a port nobody listens on
        let failure = try #require(await sendFailure { try await sender(port: 9).verifyConnection() })
        // then
        #expect(failure.reason == .connection)
        #expect(failure.kind == .temporary)
    }
}
