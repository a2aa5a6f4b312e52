import CRMCore
import Foundation
import HummingbirdTesting
import TestSupport

struct ClientBody: Decodable, Sendable {
    let id: String
    let name: String
    let phone: String?
    let email: String?
    let tags: [String]
    let autoTags: [String]
    let loyaltyLevel: String
    let archived: Bool
    let lastVisitAt: Date?
    let createdAt: Date
}

struct ClientPage: Decodable, Sendable {
    let items: [ClientBody]
    let nextCursor: String?
}

extension TestClientProtocol {
    /// Creates a client through the API (fails on anything but 201).
    func createClient(_ json: String, token: String) async throws -> ClientBody {
        let response = try await call(.post, "/api/v1/clients", as: .bearer(token), json: json)
        guard response.status == .created else { throw ClientFixtureError(description: "client fixture: \(response.status.code) \(response.text)") }
        return try response.decoded(ClientBody.self)
    }
}

struct ClientFixtureError: Error, CustomStringConvertible {
    let description: String
}
