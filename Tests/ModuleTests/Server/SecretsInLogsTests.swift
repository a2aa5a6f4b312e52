import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import TestSupport

/// Issue 22, item 4: the traffic of a studio's first day — sign-up, signing in, an API token, every
/// provider's credentials, a password reset — logged at the most talkative level, and not one
/// password, session, token, reset link or provider key in any line.
@Suite struct SecretsInLogsTests {
    @Test func noPasswordTokenResetLinkOrProviderKeyReachesTheLog() async throws {
        let lines = LogLines()
        let logger = {
            var logger = Logger(label: "veloria.test") { _ in lines }
            logger.logLevel = .trace
            return logger
        }()
        let password = "Owner-Password-Secret-7731"
        let newPassword = "Brand-New-Password-Secret-4410"
        try await FakeHTTPServer.run({ FakeProviders.success($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL), logger: logger) { client, app in
                // sign-up, a wrong password, then signing in: the session's cookie
                let registered = try await client.execute(
                    uri: "/api/v1/auth/register", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: AuthFlow.registerJSON(slug: "logs-studio", email: "owner@logs.test", password: password)))
                #expect(registered.status == .created)
                #expect(try await AuthFlow.login(client, email: "owner@logs.test", password: password + "x").status == .unauthorized)
                let session = try AuthFlow.session(from: try await AuthFlow.login(client, email: "owner@logs.test", password: password))
                let cookieToken = String(session.cookie.split(separator: "=", maxSplits: 1).last ?? "")
                #expect(cookieToken.count >= 20)
                // an API token made with the session and used
                let made = try await client.execute(
                    uri: "/api/v1/auth/tokens", method: .post,
                    headers: [.contentType: "application/json", .cookie: session.cookie, HTTPField.Name("X-CSRF-Token")!: session.csrfToken],
                    body: ByteBuffer(string: #"{"name":"phone"}"#))
                struct Made: Decodable { let secret: String }
                let bearer = try made.decoded(Made.self).secret
                // every provider's credentials set with it
                for provider in ["smsaero", "smsc", "mailgun", "smtp", "telegram", "yookassa", "stripe"] {
                    let answer = try await client.putIntegration(provider, IntegrationSamples.bodies[provider]!, token: bearer)
                    #expect(answer.status == .ok, "\(provider): \(answer.text)")
                }
                // a password reset by its emailed link
                _ = try await client.call(.post, "/api/v1/auth/password/reset-request", json: #"{"email":"owner@logs.test"}"#)
                let resetToken = try #require(app.mail.lastToken(to: "owner@logs.test"))
                let reset = try await client.call(.post, "/api/v1/auth/password/reset", json: #"{"token":"\#(resetToken)","password":"\#(newPassword)"}"#)
                #expect(reset.status == .noContent)
                // then the log has lines (so the search below can fail), and no secret in any
                let logged = lines.all.joined(separator: "\n")
                #expect(lines.all.count > 10)
                for secret in [password, newPassword, cookieToken, session.csrfToken, bearer, resetToken] + IntegrationSamples.allSecrets {
                    #expect(!logged.contains(secret), "a log line holds \(secret.prefix(6))…")
                }
            }
        }
    }
}
