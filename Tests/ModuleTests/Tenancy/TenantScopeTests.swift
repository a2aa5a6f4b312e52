import CRMCore
import Modules
import Foundation
import SQLKit
import Testing
import TestSupport

@testable import Tenancy

/// The plain value every service acts through: what each kind of actor may do, which records it
/// sees, how the audit trail names it.
@Suite struct TenantScopeTests {
    static let tenant = Tenant(
        name: "Scope Studio", slug: "scope-studio", plan: .veloria, timezone: "Europe/Moscow", locale: .ru, currency: "RUB",
        createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))

    static func scope(_ actor: TenantActor) -> TenantScope {
        TenantScope(tenant: tenant, actor: actor, clock: FixedClock(Date(timeIntervalSince1970: 1_780_000_000)), correlationId: "corr-1")
    }

    static func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as AppError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test func aUserActsWithTheirRolesPermissionsAndRecordScope() throws {
        let specialist = UserID.random()
        let scope = Self.scope(.user(specialist, .specialist))
        #expect(Self.refusal { try scope.require(.appointmentsWrite) } == nil)
        #expect(Self.refusal { try scope.require(.settingsWrite) } == "permission_denied")
        #expect(scope.recordScope == .ownedBy(specialist))
        #expect(try scope.actingUser().id == specialist)
        #expect(scope.auditActor.kind == "user")
        #expect(scope.auditActor.userId == specialist)
        #expect(Self.scope(.user(.random(), .manager)).recordScope == .all)
        #expect(Self.scope(.user(.random(), .readOnly)).pii.visibility == .masked)
    }

    @Test func aClientHoldsNoStaffPermissionAndIsNoUser() {
        let scope = Self.scope(.client(.random(), via: "storefront"))
        for permission in [Permission.clientsRead, .appointmentsWrite, .financeRead] {
            #expect(Self.refusal { try scope.require(permission) } == "permission_denied")
        }
        #expect(Self.refusal { _ = try scope.actingUser() } == "user_required")
        #expect(scope.userId == nil)
        #expect(scope.auditActor.kind == "client")
    }

    @Test func theStudiosMachineryActsOnEveryRecordAsTheSystem() {
        for actor in [TenantActor.system(job: "deposit.expire"), .webhook(provider: "yookassa")] {
            let scope = Self.scope(actor)
            #expect(Self.refusal { try scope.require(.financeWrite) } == nil)
            #expect(scope.recordScope == .all)
            #expect(scope.userId == nil)
            #expect(scope.auditActor.kind == "system")
            #expect(scope.auditActor.requestId == "corr-1")
            #expect(Self.refusal { _ = try scope.actingUser() } == "user_required")
        }
    }

    @Test func theTenantsZoneLocaleAndPlanComeFromTheTenant() {
        let scope = Self.scope(.system(job: "x"))
        #expect(scope.timeZone.identifier == "Europe/Moscow")
        #expect(scope.locale == .ru)
        #expect(scope.plan == .veloria)
        #expect(scope.tenantId == Self.tenant.id)
    }

    @Test func theAuditTrailRecordsTheActorKind() async throws {
        try await TestDatabase.with(migrations: MigrationRegistry.all) { database in
            let (tenant, _) = try await Fixtures.tenant(in: database)
            let client = TenantScope(tenant: tenant, actor: .client(nil, via: "bot"), clock: SystemClock(), correlationId: "corr-bot")
            try await database.mutate(by: client.auditActor, at: Date(timeIntervalSince1970: 1_780_000_000)) { _ in
                ((), [MutationRecord(action: "scope.tested", entityType: "scope", entityId: "1", after: .object([:]))])
            }
            let row = try await database.sql.raw(
                "SELECT actor_type, actor_user_id, request_id FROM audit_log WHERE tenant_id = \(bind: tenant.id) AND action = 'scope.tested'"
            ).first()
            #expect(try row?.decode(column: "actor_type", as: String.self) == "client")
            #expect(try row?.decode(column: "actor_user_id", as: UUID?.self) == nil)
            #expect(try row?.decode(column: "request_id", as: String.self) == "corr-bot")
        }
    }
}
