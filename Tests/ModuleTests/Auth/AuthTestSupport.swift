import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A signed-in browser: the session cookie and the CSRF token from the sign-in answer.
struct BrowserSession: Sendable {
    let cookie: String
    let csrfToken: String

    var headers: HTTPFields { [.cookie: cookie] }
    var unsafeHeaders: HTTPFields { [.cookie: cookie, HTTPField.Name("X-CSRF-Token")!: csrfToken] }
}

struct SessionBody: Decodable {
    struct Tenant: Decodable { let id: String; let slug: String; let plan: String; let timezone: String }
    struct User: Decodable { let id: String; let email: String; let role: String }
    let user: User
    let tenant: Tenant
    let csrfToken: String
    let expiresAt: String
}

struct MeBody: Decodable {
    struct Tenant: Decodable { let id: String; let slug: String }
    struct User: Decodable { let email: String }
    let user: User
    let tenant: Tenant
    let role: String
    let plan: String
    let features: [String]
    let permissions: [String]
    let locale: String
    let timezone: String
    let csrfToken: String?
}

enum AuthFlow {
    static func registerJSON(slug: String, email: String, password: String = "correct horse battery", timezone: String = "Europe/Moscow") -> String {
        #"{"name":"Studio \#(slug)","slug":"\#(slug)","timezone":"\#(timezone)","locale":"ru","ownerName":"Owner","ownerEmail":"\#(email)","ownerPassword":"\#(password)"}"#
    }

    /// Registers a studio through the API and returns the owner's browser session.
    static func register(_ client: some TestClientProtocol, slug: String, email: String) async throws -> BrowserSession {
        let response = try await client.execute(
            uri: "/api/v1/auth/register", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: registerJSON(slug: slug, email: email)))
        guard response.status == .created else { throw FlowError.unexpected(response.status, String(buffer: response.body)) }
        return try session(from: response)
    }

    static func login(_ client: some TestClientProtocol, email: String, password: String = "correct horse battery") async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"email":"\#(email)","password":"\#(password)"}"#))
    }

    static func session(from response: TestResponse) throws -> BrowserSession {
        let setCookie = try #require(response.headers[.setCookie])
        let pair = try #require(setCookie.split(separator: ";").first.map(String.init))
        let body = try JSONDecoder().decode(SessionBody.self, from: response.body)
        return BrowserSession(cookie: pair, csrfToken: body.csrfToken)
    }

    enum FlowError: Error { case unexpected(HTTPResponse.Status, String) }
}
