import CRMCore
import Foundation
import Tenancy

/// A note staff wrote on a client's card.
struct ClientNote: Codable, Sendable, Equatable {
    let id: ClientNoteID
    let clientId: CustomerID
    let authorId: UserID?
    let body: String
    let createdAt: Date

    var auditSnapshot: JSONValue {
        .object(["clientId": .string(clientId.description), "body": .string(body)])
    }
}
