import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `GET /audit`: the tenant's audit trail (feature `security.audit`, permission `audit.read`).
/// The trail is recorded on every plan; only reading it is gated.
public struct AuditController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("audit", .needs(.auditRead, feature: .securityAudit), use: list)
    }

    struct ActorDTO: Codable, Sendable {
        let type: String
        let userId: UserID?
    }

    struct EntryDTO: Codable, Sendable {
        let id: UUID
        let actor: ActorDTO
        let action: String
        let entityType: String
        let entityId: String
        let before: JSONValue?
        let after: JSONValue?
        let ip: String?
        let userAgent: String?
        let requestId: String?
        let createdAt: Date

        init(_ row: AuditRepository.Row) {
            id = row.id
            actor = ActorDTO(type: row.actorType, userId: row.actorUserId)
            action = row.action
            entityType = row.entityType
            entityId = row.entityId
            before = row.beforeState.flatMap(Self.json)
            after = row.afterState.flatMap(Self.json)
            ip = row.ip
            userAgent = row.userAgent
            requestId = row.requestId
            createdAt = row.createdAt
        }

        static func json(_ text: String) -> JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<EntryDTO> {
        let query = request.decodedQuery
        var problems: [String: String] = [:]
        var filter = AuditRepository.Filter(
            entityType: query["entityType"], entityId: query["entityId"])
        for (field, text) in [("from", query["from"]), ("to", query["to"])] {
            guard let text else { continue }
            do {
                let date = try TenantTime.parseISO(String(text), in: context.timeZone)
                if field == "from" { filter.from = date } else { filter.to = date }
            } catch {
                problems[field] = "invalid"
            }
        }
        if let from = filter.from, let to = filter.to, to <= from { problems["to"] = "before_from" }
        let page: PageRequest
        do {
            page = try PageRequest.parse(limit: query["limit"], cursor: query["cursor"])
        } catch {
            problems.merge(error.fields ?? ["cursor": "invalid"]) { $1 }
            page = PageRequest()
        }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let result = try await AuditRepository(sql: database.sql, tenantId: context.tenantId).list(filter, page: page)
        return Page(items: result.items.map(EntryDTO.init), nextCursor: result.nextCursor)
    }
}
