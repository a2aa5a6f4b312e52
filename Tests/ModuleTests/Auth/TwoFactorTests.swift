import CRMCore
import Foundation
import HummingbirdOTP
import HummingbirdTesting
import Tenancy
import Testing
import TestSupport

/// TOTP second factor: gated by plan, two-step enrolment, then required at sign-in.
@Suite struct TwoFactorTests {
    struct Enrollment: Decodable {
        let secret: String
        let otpauthUri: String
    }
    struct Status: Decodable {
        let enabled: Bool
        let pending: Bool
    }

    /// What the user's authenticator app shows at `date` for the base32 `secret`.
    static func code(_ secret: String, at date: Date) throws -> String {
        let seed = try #require(Base32.decode(secret))
        return String(format: "%06d", TOTP(secret: String(decoding: seed, as: UTF8.self)).compute(date: date))
    }

    static func login(_ client: some TestClientProtocol, code: String?) async throws -> TestResponse {
        let codeField = code.map { #","totpCode":"\#($0)""# } ?? ""
        return try await client.call(
            .post, "/api/v1/auth/login", json: #"{"email":"owner@totp.test","password":"correct horse battery"\#(codeField)}"#)
    }

    @Test func enrolmentIsGatedThenRequiredAtSignInAndCodesWorkOnce() async throws {
        try await withTestApp { client, app in
            // given: an ivory studio
            let session = try await AuthFlow.register(client, slug: "totp-studio", email: "owner@totp.test")
            let gated = try await client.call(.post, "/api/v1/auth/2fa/enroll", as: .browser(session))
            #expect(gated.status == .forbidden)
            #expect(gated.errorCode == "feature_not_allowed")
            #expect(gated.errorBody?.details?["requiredPlan"] == .string("veloria"))
            let upgraded = try await client.call(.post, "/api/v1/billing/plan", as: .browser(session), json: #"{"plan":"veloria"}"#)
            #expect(upgraded.status == .ok)

            // when: enrolling
            let enrollment = try await client.call(.post, "/api/v1/auth/2fa/enroll", as: .browser(session)).decoded(Enrollment.self)
            #expect(enrollment.otpauthUri.hasPrefix("otpauth://totp/VeloriaCRM"))
            #expect(enrollment.otpauthUri.contains("secret=\(enrollment.secret)"))
            // a pending enrolment does not yet change sign-in
            #expect(try await Self.login(client, code: nil).status == .ok)
            let wrong = try await client.call(.post, "/api/v1/auth/2fa/verify", as: .browser(session), json: #"{"code":"000000"}"#)
            #expect(wrong.errorBody?.fields?["code"] == "invalid")
            let confirmed = try await client.call(
                .post, "/api/v1/auth/2fa/verify", as: .browser(session), json: #"{"code":"\#(try Self.code(enrollment.secret, at: testNow))"}"#)
            #expect(try confirmed.decoded(Status.self).enabled)

            // then: sign-in needs a fresh code
            #expect(try await Self.login(client, code: nil).errorCode == "totp_required")
            #expect(try await Self.login(client, code: "123456").errorCode == "totp_invalid")
            app.clock.advance(by: 30)
            let fresh = try Self.code(enrollment.secret, at: app.clock.now())
            #expect(try await Self.login(client, code: fresh).status == .ok)
            // the same code cannot be replayed
            #expect(try await Self.login(client, code: fresh).errorCode == "totp_invalid")
            // the seed is stored sealed, never as the base32 the user saw
            let stored = try await app.database.sql.raw("SELECT totp_secret FROM users WHERE email_normalized = 'owner@totp.test'").first()?
                .decode(column: "totp_secret", as: String.self)
            #expect(stored != nil && stored != enrollment.secret && !(stored ?? "").contains(enrollment.secret))
        }
    }

    @Test func disablingNeedsACurrentCodeAndADowngradeDoesNotLockAnyoneIn() async throws {
        try await withTestApp { client, app in
            // given: 2FA on, then the studio downgrades
            let session = try await AuthFlow.register(client, slug: "totp-studio", email: "owner@totp.test")
            _ = try await client.call(.post, "/api/v1/billing/plan", as: .browser(session), json: #"{"plan":"veloria"}"#)
            let enrollment = try await client.call(.post, "/api/v1/auth/2fa/enroll", as: .browser(session)).decoded(Enrollment.self)
            _ = try await client.call(
                .post, "/api/v1/auth/2fa/verify", as: .browser(session), json: #"{"code":"\#(try Self.code(enrollment.secret, at: testNow))"}"#)
            let downgraded = try await client.call(.post, "/api/v1/billing/plan", as: .browser(session), json: #"{"plan":"ivory"}"#)
            #expect(downgraded.status == .ok)
            // when / then: enrolling is closed, but sign-in still asks for the code and disabling works
            #expect(try await client.call(.post, "/api/v1/auth/2fa/enroll", as: .browser(session)).errorCode == "feature_not_allowed")
            #expect(try await Self.login(client, code: nil).errorCode == "totp_required")
            let badDisable = try await client.call(.post, "/api/v1/auth/2fa/disable", as: .browser(session), json: #"{"code":"999999"}"#)
            #expect(badDisable.errorBody?.fields?["code"] == "invalid")
            app.clock.advance(by: 30)
            let disabled = try await client.call(
                .post, "/api/v1/auth/2fa/disable", as: .browser(session),
                json: #"{"code":"\#(try Self.code(enrollment.secret, at: app.clock.now()))"}"#)
            #expect(try disabled.decoded(Status.self).enabled == false)
            #expect(try await Self.login(client, code: nil).status == .ok)
            let status = try await client.call(.get, "/api/v1/auth/2fa", as: .browser(session)).decoded(Status.self)
            #expect(!status.enabled && !status.pending)
        }
    }
}

/// RFC 4648 base32 (no padding), as authenticator apps read the seed.
enum Base32 {
    static func decode(_ text: String) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0, value = 0
        var bytes: [UInt8] = []
        for character in text.uppercased() where character != "=" {
            guard let index = alphabet.firstIndex(of: character) else { return nil }
            value = (value << 5) | index
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((value >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return bytes
    }
}
