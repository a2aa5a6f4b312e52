import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/clients/{id}/notes`, `/consents` and `/history`.
public struct ClientRecordsController: Sendable {
    let service: ClientRecordsService

    public init(service: ClientRecordsService) { self.service = service }

    public func addRoutes(tenant routes: TenantRoutes) {
        routes.post("clients/{id}/notes", .needs(.clientsWrite, feature: .clients), use: addNote)
        routes.get("clients/{id}/consents", .needs(.clientsRead, feature: .clients), use: consents)
        routes.post("clients/{id}/consents", .needs(.clientsWrite, feature: .clients), use: recordConsent)
        routes.post("clients/{id}/consents/{consentId}/revoke", .needs(.clientsWrite, feature: .clients), use: revokeConsent)
        routes.get("clients/{id}/history", .needs(.clientsRead, feature: .clients), use: history)
    }

    struct NoteInput: Decodable { let body: String }

    struct NoteDTO: Encodable, ResponseEncodable {
        let id: ClientNoteID
        let clientId: CustomerID
        let authorId: UserID?
        let body: String
        let createdAt: Date
    }

    struct ConsentDTO: Encodable, ResponseEncodable {
        let id: ConsentID
        let clientId: CustomerID
        let kind: ConsentKind
        let granted: Bool
        let active: Bool
        let source: ConsentSource
        let ip: String?
        let recordedBy: UserID?
        let createdAt: Date
        let revokedAt: Date?
        let revokedBy: UserID?

        init(_ consent: ClientConsent) {
            id = consent.id
            clientId = consent.clientId
            kind = consent.kind
            granted = consent.granted
            active = consent.isActive
            source = consent.source
            ip = consent.ip
            recordedBy = consent.recordedBy
            createdAt = consent.createdAt
            revokedAt = consent.revokedAt
            revokedBy = consent.revokedBy
        }
    }

    /// Every decision, newest first, and per kind whether the client consents now.
    struct ConsentsDTO: Encodable, ResponseEncodable {
        let items: [ConsentDTO]
        let current: [String: Bool]
    }

    @Sendable func addNote(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<NoteDTO> {
        let input = try await request.decodeJSON(as: NoteInput.self, context: context)
        let note = try await service.addNote(to: try context.pathID(as: CustomerID.self), body: input.body, scope: context.scope)
        return EditedResponse(
            status: .created,
            response: NoteDTO(id: note.id, clientId: note.clientId, authorId: note.authorId, body: note.body, createdAt: note.createdAt))
    }

    @Sendable func consents(_ request: Request, context: TenantRequestContext) async throws -> ConsentsDTO {
        let consents = try await service.consents(of: try context.pathID(as: CustomerID.self), scope: context.scope)
        var current: [String: Bool] = [:]
        for kind in ConsentKind.allCases {
            current[kind.rawValue] = consents.first { $0.kind == kind }?.isActive ?? false
        }
        return ConsentsDTO(items: consents.map(ConsentDTO.init), current: current)
    }

    @Sendable func recordConsent(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<ConsentDTO> {
        let input = try await request.decodeJSON(as: ClientRecordsService.ConsentInput.self, context: context)
        let consent = try await service.recordConsent(
            for: try context.pathID(as: CustomerID.self), input, ip: context.remoteAddress, scope: context.scope)
        return EditedResponse(status: .created, response: ConsentDTO(consent))
    }

    @Sendable func revokeConsent(_ request: Request, context: TenantRequestContext) async throws -> ConsentDTO {
        let consentId = try context.pathID("consentId", as: ConsentID.self)
        return ConsentDTO(try await service.revokeConsent(consentId, of: try context.pathID(as: CustomerID.self), scope: context.scope))
    }

    @Sendable func history(_ request: Request, context: TenantRequestContext) async throws -> Page<TimelineEntry> {
        let page = try PageRequest.parse(limit: request.decodedQuery["limit"], cursor: request.decodedQuery["cursor"])
        return try await service.history(of: try context.pathID(as: CustomerID.self), page: page, scope: context.scope)
    }
}
