import CRMCore
import Foundation
import Tenancy

/// What staff record on a client's card — notes and consents — and the client's history.
public struct ClientRecordsService: Sendable {
    let clients: ClientsService
    let notes = ClientNotesRepository()
    let consents = ClientConsentsRepository()
    let timeline: ClientTimeline

    /// `sources`: the history contributions of other modules, besides notes and consents.
    public init(clients: ClientsService, sources: [any ClientTimelineSource] = []) {
        self.clients = clients
        timeline = ClientTimeline(sources: [ClientNotesRepository(), ClientConsentsRepository()] + sources)
    }

    var database: Database { clients.database }

    func addNote(to id: CustomerID, body text: String, scope: TenantScope) async throws -> ClientNote {
        let client = try await clients.visibleClient(id, scope: scope)
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty { throw AppError.validation(field: "body", "required") }
        if body.count > 5000 { throw AppError.validation(field: "body", "too_long") }
        let now = scope.clock.now()
        let note = ClientNote(id: .random(), clientId: client.id, authorId: scope.userId, body: body, createdAt: now)
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            try await notes.insert(note, tenant: scope.tenantId, on: sql)
            var after = note.auditSnapshot
            if case .object(var fields) = after { fields["noteId"] = .string(note.id.description); after = .object(fields) }
            return (note, [MutationRecord(action: "client.note_added", entityType: "client", entityId: client.id.description, after: after)])
        }
    }

    struct ConsentInput: Decodable {
        let kind: ConsentKind
        let granted: Bool?
        let source: ConsentSource
        let ip: String?
    }

    /// Records a decision. The IP is the client's when given (an online form), else the
    /// caller's.
    func recordConsent(for id: CustomerID, _ input: ConsentInput, ip remote: String?, scope: TenantScope) async throws -> ClientConsent {
        let client = try await clients.visibleClient(id, scope: scope)
        if let ip = input.ip, !Self.isIPAddress(ip) { throw AppError.validation(field: "ip", "invalid") }
        let now = scope.clock.now()
        let consent = ClientConsent(
            id: .random(), clientId: client.id, kind: input.kind, granted: input.granted ?? true, source: input.source, ip: input.ip ?? remote,
            recordedBy: scope.userId, createdAt: now)
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            try await consents.insert(consent, tenant: scope.tenantId, on: sql)
            return (consent, [Self.record("client.consent_recorded", consent)])
        }
    }

    func consents(of id: CustomerID, scope: TenantScope) async throws -> [ClientConsent] {
        let client = try await clients.visibleClient(id, scope: scope)
        return try await consents.all(of: client.id, tenant: scope.tenantId, on: database.sql)
    }

    /// Withdraws a granted consent; revoking one already revoked (or a refusal) is a 409.
    func revokeConsent(_ consentId: ConsentID, of id: CustomerID, scope: TenantScope) async throws -> ClientConsent {
        let client = try await clients.visibleClient(id, scope: scope)
        let now = scope.clock.now()
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            guard var consent = try await consents.find(consentId, of: client.id, tenant: scope.tenantId, on: sql) else {
                throw AppError.notFound()
            }
            guard try await consents.revoke(consentId, tenant: scope.tenantId, by: scope.userId, at: now, on: sql) else {
                throw AppError.conflict("consent_not_active")
            }
            consent.revokedAt = now
            consent.revokedBy = scope.userId
            return (consent, [Self.record("client.consent_revoked", consent)])
        }
    }

    func history(of id: CustomerID, page: PageRequest, scope: TenantScope) async throws -> Page<TimelineEntry> {
        let client = try await clients.visibleClient(id, scope: scope)
        // Entries the viewer may not see are left out, not refused: a receptionist's history has
        // the visits and messages without the money.
        let visible = ClientTimeline(sources: timeline.sources.filter { source in source.permission.map { (try? scope.require($0)) != nil } ?? true })
        return try await visible.page(of: client.id, tenant: scope.tenantId, scope: scope.recordScope, page: page, on: database.sql)
    }

    static func record(_ action: String, _ consent: ClientConsent) -> MutationRecord {
        var after = consent.auditSnapshot
        if case .object(var fields) = after { fields["consentId"] = .string(consent.id.description); after = .object(fields) }
        return MutationRecord(action: action, entityType: "client", entityId: consent.clientId.description, after: after)
    }

    static func isIPAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4 { return parts.allSatisfy { UInt8($0) != nil && ($0.count == 1 || !$0.hasPrefix("0")) } }
        return text.contains(":") && text.count <= 45 && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}
