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
    func createClient(_ body: NewClient, token: String) async throws -> ClientBody {
        try await create("/api/v1/clients", token: token, body, as: ClientBody.self)
    }
}
