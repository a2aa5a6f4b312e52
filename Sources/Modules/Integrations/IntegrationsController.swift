import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/integrations`: the studio's provider credentials (owner only: `integrations.manage`;
/// feature `integrations.basic`, every plan). `{provider}` names a fixed provider of the caller's
/// own studio, not a row: an unknown name is 404, and so is acting on a provider the studio has
/// not configured.
public struct IntegrationsController: Sendable {
    let service: IntegrationsService

    public init(service: IntegrationsService) { self.service = service }

    public func addRoutes(to routes: TenantRoutes) {
        let policy = RoutePolicy.needs(.integrationsManage, feature: .integrationsBasic)
        routes.get("integrations", policy, use: list)
        routes.get("integrations/{provider}", policy, use: show)
        routes.put("integrations/{provider}", policy, use: set)
        routes.delete("integrations/{provider}", policy, use: delete)
        routes.post("integrations/{provider}/test", policy, use: test)
        routes.post("integrations/{provider}/enable", policy, use: enable)
        routes.post("integrations/{provider}/disable", policy, use: disable)
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> IntegrationListDTO {
        IntegrationListDTO(items: try await service.list(scope: context.scope))
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> IntegrationDTO {
        try await service.show(try Self.provider(context), scope: context.scope)
    }

    @Sendable func set(_ request: Request, context: TenantRequestContext) async throws -> IntegrationDTO {
        let provider = try Self.provider(context)
        return try await service.set(provider, body: try await BodyFields.decode(request, context: context), scope: context.scope)
    }

    @Sendable func delete(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try await service.delete(try Self.provider(context), scope: context.scope)
        return Response(status: .noContent)
    }

    @Sendable func test(_ request: Request, context: TenantRequestContext) async throws -> IntegrationTestDTO {
        try await service.test(try Self.provider(context), scope: context.scope)
    }

    @Sendable func enable(_ request: Request, context: TenantRequestContext) async throws -> IntegrationDTO {
        try await service.enable(try Self.provider(context), scope: context.scope)
    }

    @Sendable func disable(_ request: Request, context: TenantRequestContext) async throws -> IntegrationDTO {
        try await service.disable(try Self.provider(context), scope: context.scope)
    }

    static func provider(_ context: TenantRequestContext) throws -> IntegrationProvider {
        let provider = try context.pathValue("provider", IntegrationProvider.init(rawValue:))
        return provider
    }
}
