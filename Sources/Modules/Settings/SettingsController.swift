import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/settings/{section}`: every role reads (the UI needs branding, locale, policies); changing
/// needs `settings.write`, and the timezone and currency the owner.
public struct SettingsController: Sendable {
    let service: SettingsService

    public init(service: SettingsService) { self.service = service }

    public func addRoutes(tenant routes: TenantRoutes) {
        routes.get("settings/{section}", .signedIn, use: show)
        routes.put("settings/{section}", .needs(.settingsWrite), use: update)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> JSONValue {
        try await service.json(of: try Self.section(context), scope: context.scope)
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> JSONValue {
        let key = try Self.section(context)
        let input = try await request.decodeJSON(as: JSONValue.self, context: context)
        return try await service.update(key, with: input, scope: context.scope)
    }

    static func section(_ context: TenantRequestContext) throws -> SettingsSectionKey {
        let key = try context.pathValue("section", SettingsSectionKey.init(rawValue:))
        return key
    }
}

extension JSONValue: ResponseEncodable {}
