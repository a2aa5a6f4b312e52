import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// A client as the API shows it; phone and email pass through the caller's PII presenter.
struct ClientDTO: Codable, Sendable, ResponseEncodable {
    let id: CustomerID
    let name: String
    let phone: String?
    let email: String?
    let birthday: LocalDate?
    let locale: AppLocale?
    let tags: [String]
    let autoTags: [String]
    let allergies: String?
    let preferences: String?
    let loyaltyLevel: LoyaltyLevel
    let telegramChatId: String?
    let visitsCount: Int
    let totalSpent: Money
    let lastVisitAt: Date?
    let noShowCount: Int
    let lateCancelCount: Int
    let archived: Bool
    let archivedAt: Date?
    let createdAt: Date
    let updatedAt: Date

    init(_ client: Customer, pii: PIIPresenter, view: PIIView) {
        id = client.id
        name = client.name
        phone = pii.phone(client.phone, in: view)
        email = pii.email(client.email, in: view)
        birthday = client.birthday
        locale = client.locale
        tags = client.tags
        autoTags = client.autoTags
        allergies = client.allergies
        preferences = client.preferences
        loyaltyLevel = client.loyaltyLevel
        telegramChatId = client.telegramChatId
        visitsCount = client.visitsCount
        totalSpent = client.totalSpent
        lastVisitAt = client.lastVisitAt
        noShowCount = client.noShowCount
        lateCancelCount = client.lateCancelCount
        archived = client.archivedAt != nil
        archivedAt = client.archivedAt
        createdAt = client.createdAt
        updatedAt = client.updatedAt
    }
}
