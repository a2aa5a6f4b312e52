import CRMCore
import Foundation
import HummingbirdTesting
import Providers
import SQLKit
import Testing
import TestSupport

@testable import Modules

@Suite struct MessagesEndpointTests {
    static func clientWith(_ client: some TestClientProtocol, _ world: StudioWorld, _ body: NewClient) async throws -> String {
        try await client.createClient(body, token: world.token).id
    }

    @Test func aMessageGoesOutOnTheFirstChannelTheClientCanReceiveAndIsAuditedWithAnEvent() async throws {
        let sms = ScriptedSender(provider: "smsc", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given a client with a phone only (telegram comes first in the order, but they have no chat)
            let world = try await StudioWorld.studio(client, app)
            let clientId = try await Self.clientWith(client, world, NewClient(name: "Olga", phone: "+79991234567"))
            // when
            let response = try await client.call(
                .post, "/api/v1/messages", as: .bearer(world.token), json: #"{"clientId":"\#(clientId)","text":"Your order is ready"}"#)
            // then
            #expect(response.status == .accepted)
            let queued = try response.decoded(MessageBody.self)
            #expect(queued.channel == "sms")
            #expect(queued.status == "queued")
            #expect(try await auditActions(app.database, world.tenant.id).contains("message.queued"))
            try await runDueJobs(app)
            #expect(sms.sent.map(\.text) == ["Your order is ready"])
            let sent = try await client.call(.get, "/api/v1/messages/\(queued.id)", as: .bearer(world.token)).decoded(MessageBody.self)
            #expect(sent.status == "sent")
            // the card and the list name the client (no request per row)
            #expect(sent.clientName == "Olga" && queued.clientName == "Olga")
            let listed = try await client.call(.get, "/api/v1/messages", as: .bearer(world.token)).decoded(MessagePage.self)
            #expect(listed.items.map(\.clientName) == ["Olga"])
            #expect(sent.provider == "smsc")
            let events = try await domainEvents(app.database, world.tenant.id).map(\.type)
            #expect(events.contains("message.queued") && events.contains("message.sent"))
        }
    }

    @Test func badInputIsRefusedFieldByFieldAndStoresNothing() async throws {
        try await withTestApp(senders: ScriptedSenders(ScriptedSender(provider: "smsc", channel: .sms))) { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let clientId = try await Self.clientWith(client, world, NewClient(name: "Olga", phone: "+79991234567"))
            // when: no text, an email to a client without one, an unknown kind
            let response = try await client.call(
                .post, "/api/v1/messages", as: .bearer(world.token), json: #"{"clientId":"\#(clientId)","channel":"email","kind":"spam"}"#)
            // then
            #expect(response.status == .badRequest)
            let fields = response.errorBody?.fields ?? [:]
            #expect(fields["text"] == "required")
            #expect(fields["kind"] == "invalid")
            // when: a channel without a provider, and marketing without consent
            let email = try await client.call(
                .post, "/api/v1/messages", as: .bearer(world.token), json: #"{"clientId":"\#(clientId)","channel":"telegram","text":"hi"}"#)
            let marketing = try await client.call(
                .post, "/api/v1/messages", as: .bearer(world.token), json: #"{"clientId":"\#(clientId)","kind":"marketing","text":"-20% this week"}"#)
            let past = try await client.call(
                .post, "/api/v1/messages/schedule", as: .bearer(world.token),
                json: #"{"clientId":"\#(clientId)","text":"hi","sendAt":"2026-05-01T10:00:00"}"#)
            // then
            #expect(email.errorBody?.fields?["channel"] == "unreachable")
            #expect(marketing.errorBody?.fields?["channel"] == "consent_required")
            #expect(past.errorBody?.fields?["sendAt"] == "in_the_past")
            let count = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM messages").first()?.decode(column: "n", as: Int.self)
            #expect(count == 0)
        }
    }

    @Test func marketingGoesOnlyToAClientWhoConsented() async throws {
        let sms = ScriptedSender(provider: "smsc", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given a client who consented to SMS marketing
            let world = try await StudioWorld.studio(client, app)
            let clientId = try await Self.clientWith(client, world, NewClient(name: "Olga", phone: "+79991234567"))
            let consent = try await client.call(
                .post, "/api/v1/clients/\(clientId)/consents", as: .bearer(world.token),
                json: #"{"kind":"marketing_sms","granted":true,"source":"in_person"}"#)
            #expect(consent.status == .created)
            // when
            let response = try await client.call(
                .post, "/api/v1/messages", as: .bearer(world.token), json: #"{"clientId":"\#(clientId)","kind":"marketing","text":"-20% this week"}"#)
            // then
            #expect(response.status == .accepted)
            #expect(try response.decoded(MessageBody.self).kind == "marketing")
        }
    }

    @Test func aPermanentTelegramFailureFallsBackToSMS() async throws {
        let telegram = ScriptedSender(provider: "telegram", channel: .telegram, script: [.fail(.blocked)])
        let sms = ScriptedSender(provider: "smsaero", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(telegram, sms)) { client, app in
            // given a client with a linked chat and a phone
            let world = try await StudioWorld.studio(client, app)
            let clientId = try await Self.clientWith(client, world, NewClient(name: "Olga", phone: "+79991234567"))
            try await app.database.sql.raw("UPDATE clients SET telegram_chat_id = '777' WHERE id = \(bind: UUID(uuidString: clientId)!)").run()
            // when
            let response = try await client.call(
                .post, "/api/v1/messages", as: .bearer(world.token), json: #"{"clientId":"\#(clientId)","text":"See you soon"}"#)
            try await runDueJobs(app)
            // then the telegram message failed with the provider's reason and an sms carried the same text
            let first = try response.decoded(MessageBody.self)
            #expect(first.channel == "telegram")
            let all = try await client.call(.get, "/api/v1/messages?filter[clientId]=\(clientId)", as: .bearer(world.token)).decoded(MessagePage.self)
            let failed = try #require(all.items.first { $0.id == first.id })
            #expect(failed.status == "failed")
            #expect(failed.error?.contains("blocked") == true)
            let fallback = try #require(all.items.first { $0.fallbackFrom == first.id })
            #expect(fallback.channel == "sms")
            #expect(fallback.status == "sent")
            #expect(sms.sent.map(\.text) == ["See you soon"])
        }
    }

    @Test func aTemporaryFailureIsRetriedByTheQueueWithoutFallingBack() async throws {
        let sms = ScriptedSender(provider: "smsaero", channel: .sms, script: [.fail(.providerUnavailable)])
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let clientId = try await Self.clientWith(client, world, NewClient(name: "Olga", phone: "+79991234567", email: "olga@example.com"))
            // when the first attempt meets a 5xx
            let response = try await client.call(
                .post, "/api/v1/messages", as: .bearer(world.token), json: #"{"clientId":"\#(clientId)","channel":"sms","text":"hi"}"#)
            let id = try response.decoded(MessageBody.self).id
            try await runDueJobs(app)
            // then it is still queued with the error, and the retry after the backoff sends it
            let waiting = try await client.call(.get, "/api/v1/messages/\(id)", as: .bearer(world.token)).decoded(MessageBody.self)
            #expect(waiting.status == "queued")
            #expect(waiting.error?.contains("provider_unavailable") == true)
            app.clock.advance(by: 6)
            try await runDueJobs(app)
            let sent = try await client.call(.get, "/api/v1/messages/\(id)", as: .bearer(world.token)).decoded(MessageBody.self)
            #expect(sent.status == "sent")
            #expect(sms.sent.count == 2)
        }
    }

    @Test func aMessageDueInQuietHoursWaitsForTheMorning() async throws {
        let sms = ScriptedSender(provider: "smsaero", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given 22:30 in London (21:30Z in summer), quiet hours 21:00–09:00
            let world = try await StudioWorld.studio(client, app)
            let clientId = try await Self.clientWith(client, world, NewClient(name: "Olga", phone: "+79991234567"))
            app.clock.set(isoDate("2026-06-01T21:30:00Z"))
            // when
            let response = try await client.call(
                .post, "/api/v1/messages", as: .bearer(world.token), json: #"{"clientId":"\#(clientId)","text":"Good night"}"#)
            let id = try response.decoded(MessageBody.self).id
            try await runDueJobs(app)
            // then nothing went out; it waits for 09:00 local (08:00Z)
            #expect(sms.sent.isEmpty)
            let waiting = try await client.call(.get, "/api/v1/messages/\(id)", as: .bearer(world.token)).decoded(MessageBody.self)
            #expect(waiting.status == "queued")
            #expect(waiting.scheduledAt == "2026-06-02T09:00:00+01:00")
            app.clock.set(isoDate("2026-06-02T08:00:00Z"))
            try await runDueJobs(app)
            #expect(sms.sent.count == 1)
        }
    }

    @Test func deliveryStatusIsPolledUntilTheProviderKnows() async throws {
        let sms = ScriptedSender(provider: "smsaero", channel: .sms, statuses: [DeliveryStatus(state: .sent), DeliveryStatus(state: .delivered)])
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given a sent sms
            let world = try await StudioWorld.studio(client, app)
            let clientId = try await Self.clientWith(client, world, NewClient(name: "Olga", phone: "+79991234567"))
            let id = try await client.call(.post, "/api/v1/messages", as: .bearer(world.token), json: #"{"clientId":"\#(clientId)","text":"hi"}"#)
                .decoded(MessageBody.self).id
            try await runDueJobs(app)
            // when the provider first says "on its way", then "delivered"
            app.clock.advance(by: 61)
            try await runDueJobs(app)
            let first = try await client.call(.get, "/api/v1/messages/\(id)", as: .bearer(world.token)).decoded(MessageBody.self)
            app.clock.advance(by: 121)
            try await runDueJobs(app)
            let second = try await client.call(.get, "/api/v1/messages/\(id)", as: .bearer(world.token)).decoded(MessageBody.self)
            // then
            #expect(first.status == "sent")
            #expect(second.status == "delivered")
        }
    }
}
