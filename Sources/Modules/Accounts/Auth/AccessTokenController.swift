import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `POST/GET/DELETE /auth/tokens`: the caller's personal access tokens (mobile app, integrations).
public struct AccessTokenController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func addRoutes(to routes: TenantRoutes) {
        routes.post("auth/tokens", .signedIn, use: create)
        routes.get("auth/tokens", .signedIn, use: list)
        routes.delete("auth/tokens/{id}", .signedIn, use: revoke)
    }

    struct CreateInput: Decodable, NullableFields {
        let name: String
        /// Null or absent: never expires.
        let expiresAt: Date?

        static let nullableFields: Set<String> = ["expiresAt"]
    }

    struct TokenDTO: Codable, Sendable {
        let id: UUID
        let name: String
        let expiresAt: Date?
        let lastUsedAt: Date?
        let revoked: Bool
        let createdAt: Date

        init(_ token: AccessTokenStore.Token) {
            id = token.id
            name = token.name
            expiresAt = token.expiresAt
            lastUsedAt = token.lastUsedAt
            revoked = token.revokedAt != nil
            createdAt = token.createdAt
        }
    }

    struct CreatedDTO: ResponseEncodable {
        let token: TokenDTO
        /// The secret, shown this once: send it as `Authorization: Bearer <secret>`.
        let secret: String
    }

    struct ListDTO: ResponseEncodable {
        let items: [TokenDTO]
    }

    func store(_ context: TenantRequestContext) -> AccessTokenStore {
        AccessTokenStore(sql: database.sql, tenantId: context.tenantId, userId: context.userId)
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<CreatedDTO> {
        let input = try await request.decodeJSON(as: CreateInput.self, context: context)
        let now = context.clock.now()
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [String: String] = [:]
        if name.isEmpty { problems["name"] = "required" } else if name.count > 100 { problems["name"] = "too_long" }
        if let expiresAt = input.expiresAt, expiresAt <= now { problems["expiresAt"] = "in_the_past" }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let created = try await store(context).create(name: name, expiresAt: input.expiresAt, now: now)
        var response = EditedResponse(status: .created, response: CreatedDTO(token: TokenDTO(created.token), secret: created.secret))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> ListDTO {
        ListDTO(items: try await store(context).list().map(TokenDTO.init))
    }

    @Sendable func revoke(_ request: Request, context: TenantRequestContext) async throws -> Response {
        // Another user's or tenant's token, or a malformed id, is simply not found.
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)),
            try await store(context).revoke(id: id, now: context.clock.now())
        else { throw AppError.notFound() }
        return Response(status: .noContent)
    }
}
