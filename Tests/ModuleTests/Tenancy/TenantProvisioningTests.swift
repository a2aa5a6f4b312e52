import CRMCore
import Foundation
import HummingbirdBcrypt
import Modules
import SQLKit
import Testing
import TestSupport

@testable import Tenancy

@Suite struct TenantProvisioningTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    let defaults = TenantProvisioning.Defaults(timezone: "Europe/London", locale: .ru, currency: "RUB")

    @Test func createsTheTenantAndItsOwnerWithAHashedPassword() async throws {
        try await TestDatabase.with(migrations: MigrationRegistry.all) { database in
            // when
            let created = try await TenantProvisioning(database: database, defaults: defaults, bcryptCost: 10).create(
                .init(name: "Nail Bar", slug: "nail-bar", ownerName: "Olga", ownerEmail: "Olga@Example.com", ownerPassword: "s3cret-pass"),
                now: now)
            // then
            #expect(created.tenant.plan == .ivory)
            #expect(created.tenant.timezone == "Europe/London")
            #expect(created.owner.role == .owner)
            let stored = try await TenantProvisioning(database: database, defaults: defaults).tenant(slug: "nail-bar")
            #expect(stored == created.tenant)
            struct UserRow: Decodable { let emailNormalized: String; let passwordHash: String; let tenantId: TenantID }
            let user = try #require(
                try await database.sql.raw("SELECT email_normalized, password_hash, tenant_id FROM users").first(
                    decoding: UserRow.self, keyDecodingStrategy: .convertFromSnakeCase))
            #expect(user.emailNormalized == "olga@example.com")
            #expect(user.tenantId == created.tenant.id)
            #expect(user.passwordHash != "s3cret-pass")
            #expect(Bcrypt.verify("s3cret-pass", hash: user.passwordHash))
        }
    }

    @Test func everyBadFieldIsReportedAtOnceAndNothingIsWritten() async throws {
        try await TestDatabase.with(migrations: MigrationRegistry.all) { database in
            let error = try await #require(throws: AppError.self) {
                try await TenantProvisioning(database: database, defaults: defaults).create(
                    .init(
                        name: " ", slug: "Bad Slug!", timezone: "Moon/Base", currency: "EURO", ownerName: "", ownerEmail: "no-at-sign",
                        ownerPassword: "short"),
                    now: now)
            }
            #expect(error.code == "validation_error")
            #expect(
                error.fields == [
                    "name": "required", "slug": "invalid", "timezone": "invalid", "currency": "invalid", "ownerName": "required",
                    "ownerEmail": "invalid", "ownerPassword": "too_short",
                ])
            let tenants = try await database.sql.raw("SELECT COUNT(*) AS n FROM tenants").first(decoding: [String: Int].self)
            #expect(tenants?["n"] == 0)
        }
    }

    @Test func slugAndEmailAreUniqueAndAConflictWritesNothing() async throws {
        try await TestDatabase.with(migrations: MigrationRegistry.all) { database in
            let provisioning = TenantProvisioning(database: database, defaults: defaults, bcryptCost: 10)
            _ = try await provisioning.create(
                .init(name: "A", slug: "studio-a", ownerName: "A", ownerEmail: "a@example.com", ownerPassword: "password-a"), now: now)
            let slugTaken = try await #require(throws: AppError.self) {
                try await provisioning.create(
                    .init(name: "B", slug: "studio-a", ownerName: "B", ownerEmail: "b@example.com", ownerPassword: "password-b"), now: now)
            }
            #expect(slugTaken.status == .conflict && slugTaken.fields == ["slug": "taken"])
            let emailTaken = try await #require(throws: AppError.self) {
                try await provisioning.create(
                    .init(name: "C", slug: "studio-c", ownerName: "C", ownerEmail: "A@EXAMPLE.COM", ownerPassword: "password-c"), now: now)
            }
            #expect(emailTaken.status == .conflict && emailTaken.fields == ["ownerEmail": "taken"])
            let tenants = try await database.sql.raw("SELECT COUNT(*) AS n FROM tenants").first(decoding: [String: Int].self)
            #expect(tenants?["n"] == 1)
        }
    }

    @Test func concurrentRegistrationsOfOneSlugGiveOneStudioAndConflictsNeverErrors() async throws {
        try await TestDatabase.with(migrations: MigrationRegistry.all) { database in
            // given
            let provisioning = TenantProvisioning(database: database, defaults: defaults, bcryptCost: 10)
            // when: six sign-ups race for the same slug
            let outcomes = await withTaskGroup(of: String.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        do {
                            _ = try await provisioning.create(
                                .init(name: "R", slug: "racing", ownerName: "R", ownerEmail: "r\(index)@example.com", ownerPassword: "password-r"),
                                now: now)
                            return "created"
                        } catch let error as AppError {
                            return "\(error.status.code) \(error.fields ?? [:])"
                        } catch {
                            return "unexpected \(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            // then
            #expect(outcomes.filter { $0 == "created" }.count == 1)
            #expect(outcomes.filter { $0 == "409 [\"slug\": \"taken\"]" }.count == 5, "\(outcomes)")
        }
    }

    @Test func uniqueViolationsAreRecognisedOnBothEngines() async throws {
        try await TestDatabase.with(migrations: MigrationRegistry.all) { database in
            // given
            try await database.sql.raw("CREATE TABLE uv_probe (code TEXT NOT NULL UNIQUE)").run()
            try await database.sql.raw("INSERT INTO uv_probe (code) VALUES ('a')").run()
            // when
            let duplicate = await #expect(throws: (any Error).self) { try await database.sql.raw("INSERT INTO uv_probe (code) VALUES ('a')").run() }
            let missing = await #expect(throws: (any Error).self) { try await database.sql.raw("INSERT INTO uv_probe (code) VALUES (NULL)").run() }
            // then
            #expect(duplicate.map(UniqueViolation.matches) == true)
            #expect(missing.map(UniqueViolation.matches) == false)
            // and the field it is about is read from either engine's message, tenant columns aside
            try await database.sql.raw("CREATE TABLE uv_pair (tenant_id TEXT NOT NULL, phone_key TEXT NOT NULL, UNIQUE (tenant_id, phone_key))").run()
            try await database.sql.raw("INSERT INTO uv_pair VALUES ('t', '+7916')").run()
            let pair = await #expect(throws: (any Error).self) { try await database.sql.raw("INSERT INTO uv_pair VALUES ('t', '+7916')").run() }
            #expect(pair.flatMap(UniqueViolation.field(of:)) == "phoneKey")
            #expect(duplicate.flatMap(UniqueViolation.field(of:)) == "code")
        }
    }

    @Test(arguments: [("demo", true), ("my-studio-1", true), ("ab", false), ("-lead", false), ("trail-", false), ("UPPER", false), ("под", false)])
    func slugRules(slug: String, valid: Bool) {
        #expect(Tenant.isValidSlug(slug) == valid)
    }
}
