import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

@Suite struct IntegrationsSettingsTests {
    @Test func everyProviderIsListedAndNothingIsConfiguredAtFirst() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            // when
            let list = try await client.call(.get, "/api/v1/integrations", as: .bearer(world.token)).decoded(IntegrationList.self)
            // then
            #expect(list.items.map(\.provider) == ["smsaero", "smsc", "mailgun", "smtp", "telegram", "yookassa", "stripe"])
            #expect(list.items.allSatisfy { $0.state == "not_configured" })
            #expect(list.items.map(\.channel) == ["sms", "sms", "email", "email", "telegram", "payments", "payments"])
            let smsaero = try #require(list.items.first)
            #expect(smsaero.settings == ["email": .null, "sign": .null])
            #expect(smsaero.secrets == ["apiKey": false])
            #expect(try await client.call(.get, "/api/v1/integrations/whatsapp", as: .bearer(world.token)).status == .notFound)
        }
    }

    @Test func setReadUpdateKeepsAnOmittedSecretAndClearsAnOptionalField() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            // when
            let created = try await client.configure("smsc", token: world.token)
            let updated = try await client.configure("smsc", token: world.token, json: #"{"login":"studio2","sender":null}"#)
            let read = try await client.call(.get, "/api/v1/integrations/smsc", as: .bearer(world.token)).decoded(IntegrationBody.self)
            // then
            #expect(created.state == "enabled")
            #expect(created.settings == ["login": "studio", "sender": "Veloria"])
            #expect(updated.settings == ["login": "studio2", "sender": .null])
            #expect(read.secrets == ["password": true])
            let row = try #require(try await storedIntegration(app.database, world.tenant.id, "smsc"))
            let box = SecretBox(secretKey: app.config.secretKey, purpose: "integrations")
            #expect(try box.open(try #require(row.sealed["password"])) == IntegrationSamples.smscPassword)
            let actions = try await auditActions(app.database, world.tenant.id)
            #expect(actions.filter { $0.hasPrefix("integration.") }.sorted() == ["integration.configured", "integration.updated"])
        }
    }

    @Test func everyProblemOfABodyIsReportedAtOnceAndNothingIsStored() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            // when
            let smtp = try await client.putIntegration(
                "smtp", #"{"host":"smtp example","port":70000,"security":"ssl","username":"mailer","fromAddress":"nobody","colour":"red"}"#,
                token: world.token)
            let stripe = try await client.putIntegration(
                "stripe", #"{"secretKey":"pk_live_123456","webhookSecret":"secret","publishableKey":"sk_live_123456"}"#, token: world.token)
            let telegram = try await client.putIntegration("telegram", #"{"botToken":"not a token","botUsername":"Me"}"#, token: world.token)
            // then
            #expect(smtp.status == .badRequest)
            #expect(smtp.errorCode == "validation_error")
            #expect(
                smtp.errorBody?.fields
                    == [
                        "host": "invalid", "port": "out_of_range", "security": "invalid", "fromAddress": "invalid", "colour": "unknown_field",
                        "password": "required",
                    ])
            #expect(stripe.errorBody?.fields == ["secretKey": "invalid", "webhookSecret": "invalid", "publishableKey": "invalid"])
            #expect(telegram.errorBody?.fields == ["botToken": "invalid", "botUsername": "read_only"])
            let empty = try await client.putIntegration("mailgun", "{}", token: world.token)
            #expect(empty.errorBody?.fields == ["domain": "required", "apiKey": "required", "from": "required"])
            let rows = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM integrations").first()?.decode(column: "n", as: Int.self)
            #expect(rows == 0)
        }
    }

    @Test func defaultsFillWhatANewIntegrationLeavesOut() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            // when
            let smtp = try await client.configure(
                "smtp", token: world.token, json: #"{"host":"smtp.studio.example","fromAddress":"hi@studio.example"}"#)
            let mailgun = try await client.configure(
                "mailgun", token: world.token, json: #"{"domain":"mg.studio.example","apiKey":"k","from":"hi@mg.studio.example"}"#)
            // then
            #expect(smtp.settings["security"] == "starttls")
            #expect(smtp.settings["port"] == 587)
            #expect(smtp.secrets == ["password": false])
            #expect(mailgun.settings["region"] == "us")
        }
    }

    @Test func aSecondProviderOfAChannelWaitsDisabledAndEnablingItSwitchesTheChannel() async throws {
        try await withTestApp { client, app in
            // given SMS Aero in use
            let world = try await StudioWorld.studio(client, app)
            try await client.configure("smsaero", token: world.token)
            // when SMSC is set, then enabled
            let smsc = try await client.configure("smsc", token: world.token)
            let enabled = try await client.call(.post, "/api/v1/integrations/smsc/enable", as: .bearer(world.token))
            // then
            #expect(smsc.state == "disabled")
            #expect(enabled.status == .ok)
            #expect(try enabled.decoded(IntegrationBody.self).state == "enabled")
            let list = try await client.call(.get, "/api/v1/integrations", as: .bearer(world.token)).decoded(IntegrationList.self)
            #expect(list.items.first { $0.provider == "smsaero" }?.state == "disabled")
            let switched = try await domainEvents(app.database, world.tenant.id).filter { $0.type == "integration.disabled" }
            #expect(switched.map(\.entityId) == ["smsaero"])
            guard case .object(let payload) = switched.first?.payload else { Issue.record("no payload"); return }
            #expect(payload["reason"] == "switched_to_smsc")
            #expect(try await auditActions(app.database, world.tenant.id).contains("integration.enabled"))
            // and the payment providers are independent of each other
            try await client.configure("yookassa", token: world.token)
            #expect(try await client.configure("stripe", token: world.token).state == "enabled")
        }
    }

    @Test func concurrentSwitchesLeaveExactlyOneProviderEnabled() async throws {
        try await withTestApp { client, app in
            // given both SMS providers configured
            let world = try await StudioWorld.studio(client, app)
            try await client.configure("smsaero", token: world.token)
            try await client.configure("smsc", token: world.token)
            // when both are enabled at once, again and again
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        let provider = index.isMultiple(of: 2) ? "smsc" : "smsaero"
                        return try await client.call(.post, "/api/v1/integrations/\(provider)/enable", as: .bearer(world.token)).status.code
                    }
                }
                var all: [Int] = []
                for try await status in group { all.append(status) }
                return all
            }
            // then every request was served and the channel has one provider
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
            let enabled = try await app.database.sql.raw(
                "SELECT COUNT(*) AS n FROM integrations WHERE tenant_id = \(bind: world.tenant.id) AND enabled = \(bind: true)"
            ).first()?.decode(column: "n", as: Int.self)
            #expect(enabled == 1)
        }
    }

    @Test func disableEnableAndDeleteChangeStateAndAreAudited() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            try await client.configure("yookassa", token: world.token)
            // when
            let disabled = try await client.call(.post, "/api/v1/integrations/yookassa/disable", as: .bearer(world.token))
            let again = try await client.call(.post, "/api/v1/integrations/yookassa/disable", as: .bearer(world.token))
            let enabled = try await client.call(.post, "/api/v1/integrations/yookassa/enable", as: .bearer(world.token))
            let deleted = try await client.call(.delete, "/api/v1/integrations/yookassa", as: .bearer(world.token))
            let gone = try await client.call(.delete, "/api/v1/integrations/yookassa", as: .bearer(world.token))
            let enableGone = try await client.call(.post, "/api/v1/integrations/yookassa/enable", as: .bearer(world.token))
            // then
            #expect(try disabled.decoded(IntegrationBody.self).state == "disabled")
            #expect(try again.decoded(IntegrationBody.self).state == "disabled")
            #expect(try enabled.decoded(IntegrationBody.self).state == "enabled")
            #expect(deleted.status == .noContent)
            #expect(gone.status == .notFound)
            #expect(enableGone.status == .notFound)
            let shown = try await client.call(.get, "/api/v1/integrations/yookassa", as: .bearer(world.token)).decoded(IntegrationBody.self)
            #expect(shown.state == "not_configured")
            #expect(shown.secrets == ["secretKey": false])
            #expect(try await storedIntegration(app.database, world.tenant.id, "yookassa") == nil)
            let actions = try await auditActions(app.database, world.tenant.id).filter { $0.hasPrefix("integration.") }
            // the repeated disable changed nothing and left no trace
            #expect(actions.sorted() == ["integration.configured", "integration.deleted", "integration.disabled", "integration.enabled"])
        }
    }

    @Test(arguments: [Role.manager, .receptionist, .finance, .specialist, .readOnly])
    func onlyTheOwnerManagesIntegrations(role: Role) async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let user = try await Fixtures.user(in: app.database, tenant: world.tenant, role: role)
            let token = try await Fixtures.bearer(in: app.database, for: user)
            // when
            let list = try await client.call(.get, "/api/v1/integrations", as: .bearer(token))
            let put = try await client.putIntegration("smsaero", IntegrationSamples.bodies["smsaero"]!, token: token)
            // then
            #expect(list.status == .forbidden)
            #expect(list.errorBody?.details?["permission"] == "integrations.manage")
            #expect(put.status == .forbidden)
            #expect(try await storedIntegration(app.database, world.tenant.id, "smsaero") == nil)
        }
    }
}
