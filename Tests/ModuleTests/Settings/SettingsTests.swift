import CRMCore
import Foundation
import HummingbirdTesting
import Plans
import SQLKit
import Tenancy
import Testing
import TestSupport

/// The typed settings sections: defaults, validation, audit, owner-only locale fields.
@Suite struct SettingsTests {
    struct Notifications: Decodable, Equatable {
        struct Quiet: Decodable, Equatable { let start: String; let end: String }
        let reminderOffsetsMinutes: [Int]
        let channels: [String]
        let quietHours: Quiet?
    }

    @Test func aNewStudioReadsTheDefaults() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            // when
            let notifications = try await client.call(.get, "/api/v1/settings/notifications", as: .bearer(world.token))
            let locale = try await client.call(.get, "/api/v1/settings/locale", as: .bearer(world.token))
            let cancellation = try await client.call(.get, "/api/v1/settings/cancellation", as: .bearer(world.token))
            // then: reminders 24 h and 3 h, telegram → sms → email, quiet 21:00–09:00
            #expect(
                try notifications.decoded(Notifications.self)
                    == Notifications(
                        reminderOffsetsMinutes: [1440, 180], channels: ["telegram", "sms", "email"], quietHours: .init(start: "21:00", end: "09:00")))
            #expect(
                locale.text.contains(#""country":"GB""#) && locale.text.contains(#""timezone":"Europe\/London""#)
                    || locale.text.contains(#""timezone":"Europe/London""#))
            #expect(cancellation.text.contains(#""windowHours":24"#))
        }
    }

    @Test func aPutWithSeveralBadFieldsListsThemAllAndChangesNothing() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            // when
            let response = try await client.call(
                .put, "/api/v1/settings/notifications", as: .bearer(world.token),
                json: #"{"reminderOffsetsMinutes":[5],"channels":["pigeon"],"quietHours":{"start":"25:00","end":"09:00"},"colour":"red"}"#)
            // then
            #expect(response.status == .badRequest)
            #expect(
                response.errorBody?.fields
                    == [
                        "reminderOffsetsMinutes": "out_of_range", "channels": "invalid", "quietHours.start": "invalid_time",
                        "colour": "unknown_field",
                    ])
            let after = try await client.call(.get, "/api/v1/settings/notifications", as: .bearer(world.token)).decoded(Notifications.self)
            #expect(after.reminderOffsetsMinutes == [1440, 180])
            #expect(try await auditActions(app.database, world.tenant.id).filter { $0 == "settings.updated" }.isEmpty)
        }
    }

    @Test func aValidPutIsSavedAuditedAndEmitted() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            // when: only the given keys change
            let response = try await client.call(
                .put, "/api/v1/settings/notifications", as: .bearer(world.token), json: #"{"reminderOffsetsMinutes":[120],"quietHours":null}"#)
            // then
            #expect(response.status == .ok)
            let after = try await client.call(.get, "/api/v1/settings/notifications", as: .bearer(world.token)).decoded(Notifications.self)
            #expect(after == Notifications(reminderOffsetsMinutes: [120], channels: ["telegram", "sms", "email"], quietHours: nil))
            let audit = try await app.database.sql.raw(
                "SELECT entity_id, before_state, after_state FROM audit_log WHERE tenant_id = \(bind: world.tenant.id) AND action = 'settings.updated'"
            ).all()
            #expect(audit.count == 1)
            #expect(try audit.first?.decode(column: "entity_id", as: String.self) == "notifications")
            #expect(try audit.first?.decode(column: "before_state", as: String.self).contains("1440") == true)
            let events = try await app.database.sql.raw(
                "SELECT type FROM domain_events WHERE tenant_id = \(bind: world.tenant.id) AND entity_type = 'settings'"
            ).all().map { try $0.decode(column: "type", as: String.self) }
            #expect(events == ["settings.updated"])
        }
    }

    @Test func depositAndCancellationRulesNeedTheirAmounts() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            // when
            let deposit = try await client.call(
                .put, "/api/v1/settings/deposit", as: .bearer(world.token), json: #"{"policy":"above_amount","kind":"fixed","expiresAfterMinutes":2}"#
            )
            let cancellation = try await client.call(
                .put, "/api/v1/settings/cancellation", as: .bearer(world.token), json: #"{"feeKind":"percent","feePercent":150,"windowHours":"soon"}"#
            )
            let good = try await client.call(
                .put, "/api/v1/settings/deposit", as: .bearer(world.token), json: #"{"policy":"all","kind":"fixed","amount":"500.00"}"#)
            // then
            #expect(deposit.errorBody?.fields == ["aboveAmount": "required", "amount": "required", "expiresAfterMinutes": "out_of_range"])
            #expect(cancellation.errorBody?.fields == ["feePercent": "out_of_range", "windowHours": "invalid_type"])
            #expect(good.status == .ok)
            #expect(good.text.contains(#""amount":"500.00""#))
        }
    }

    @Test func onlyTheOwnerMovesTheTimezoneAndTheChangeIsAudited() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let manager = try await Fixtures.user(in: app.database, tenant: world.tenant, role: .manager)
            let managerToken = try await Fixtures.bearer(in: app.database, for: manager)
            // when
            let byManager = try await client.call(.put, "/api/v1/settings/locale", as: .bearer(managerToken), json: #"{"timezone":"Europe/Moscow"}"#)
            let countryByManager = try await client.call(.put, "/api/v1/settings/locale", as: .bearer(managerToken), json: #"{"country":"RU"}"#)
            let byOwner = try await client.call(.put, "/api/v1/settings/locale", as: .bearer(world.token), json: #"{"timezone":"Europe/Moscow"}"#)
            let badZone = try await client.call(.put, "/api/v1/settings/locale", as: .bearer(world.token), json: #"{"timezone":"Mars/Olympus"}"#)
            // then
            #expect(byManager.status == .forbidden)
            #expect(byManager.errorCode == "owner_only")
            #expect(countryByManager.status == .ok)
            #expect(byOwner.status == .ok)
            #expect(badZone.errorBody?.fields == ["timezone": "invalid"])
            let zone = try await app.database.sql.raw("SELECT timezone FROM tenants WHERE id = \(bind: world.tenant.id)").first()?
                .decode(column: "timezone", as: String.self)
            #expect(zone == "Europe/Moscow")
            let actions = try await auditActions(app.database, world.tenant.id)
            #expect(actions.filter { $0 == "tenant.timezone_changed" }.count == 1)
        }
    }

    @Test func autoTagThresholdsNeedTheAutoTagsFeatureAndUnknownSectionsAreNotFound() async throws {
        try await withTestApp { client, app in
            // given: an ivory studio
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            // when
            let gated = try await client.call(.get, "/api/v1/settings/autotags", as: .bearer(token))
            let unknown = try await client.call(.get, "/api/v1/settings/secrets", as: .bearer(token))
            try await Fixtures.setPlan(in: app.database, tenant: tenant, .veloria)
            let open = try await client.call(.put, "/api/v1/settings/autotags", as: .bearer(token), json: #"{"atRiskAfterDays":200}"#)
            // then
            #expect(gated.errorCode == "feature_not_allowed")
            #expect(unknown.status == .notFound)
            #expect(open.errorBody?.fields == ["lostAfterDays": "out_of_range"])
        }
    }

    @Test func oneStudiosSettingsNeverShowInAnother() async throws {
        try await withTestApp { client, app in
            // given
            let a = try await StudioWorld.studio(client, app)
            let b = try await StudioWorld.studio(client, app)
            // when
            _ = try await client.call(.put, "/api/v1/settings/business", as: .bearer(a.token), json: #"{"legalName":"Studio A LLC"}"#)
            _ = try await client.call(.put, "/api/v1/settings/business", as: .bearer(b.token), json: #"{"about":"Studio B"}"#)
            // then
            let seenByB = try await client.call(.get, "/api/v1/settings/business", as: .bearer(b.token))
            let seenByA = try await client.call(.get, "/api/v1/settings/business", as: .bearer(a.token))
            #expect(!seenByB.text.contains("Studio A LLC"))
            #expect(seenByA.text.contains("Studio A LLC") && !seenByA.text.contains("Studio B"))
        }
    }
}
