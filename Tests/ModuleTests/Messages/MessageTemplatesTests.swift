import CRMCore
import Foundation
import HummingbirdTesting
import Providers
import SQLKit
import Testing
import TestSupport

@testable import Modules
@testable import Settings
@testable import Messaging

@Suite struct MessageTemplatesTests {
    struct TemplateBody: Decodable {
        let key: String
        let channel: String
        let locale: String
        let subject: String?
        let body: String
        let custom: Bool
    }

    struct TemplateList: Decodable {
        let items: [TemplateBody]
        let placeholders: [String]
    }

    @Test func everyKeyChannelAndLocaleHasADefaultInBothLanguages() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            // when
            let list = try await client.call(.get, "/api/v1/message-templates", as: .bearer(world.token)).decoded(TemplateList.self)
            // then: 5 keys × 3 channels × 2 locales, none a raw catalog key, every placeholder allowed
            #expect(list.items.count == 30)
            #expect(list.placeholders == ["datetime", "link", "name", "service"])
            #expect(list.items.allSatisfy { !$0.body.hasPrefix("template.") && !$0.custom })
            #expect(list.items.allSatisfy { TemplatePlaceholders.problem(in: $0.body) == nil })
            #expect(list.items.filter { $0.channel == "email" }.allSatisfy { !($0.subject ?? "").isEmpty && !$0.subject!.hasPrefix("template.") })
            let ru = try #require(list.items.first { $0.key == "appointment.reminder" && $0.channel == "sms" && $0.locale == "ru" })
            #expect(ru.body.contains("напоминаем"))
        }
    }

    @Test func anUnknownPlaceholderIsRefusedAndAValidTemplateIsUsedAndResetAudited() async throws {
        let sms = ScriptedSender(provider: "smsc", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let path = "/api/v1/message-templates/appointment.confirmed/sms/en"
            // when
            let bad = try await client.call(.put, path, as: .bearer(world.token), json: #"{"body":"Hi {name}, your {price} is due","subject":"x"}"#)
            let good = try await client.call(.put, path, as: .bearer(world.token), json: #"{"body":"Hi {name}! {service} at {datetime}."}"#)
            // then
            #expect(bad.status == .badRequest)
            #expect(bad.errorBody?.fields?["body"] == "unknown_placeholder")
            #expect(bad.errorBody?.fields?["subject"] == "email_only")
            #expect(good.status == .ok)
            // when a message uses it for an English-speaking client
            let customer = try await client.createClient(NewClient(name: "Emma", phone: "+447700900123", locale: "en"), token: world.token)
            let sent = try await client.call(
                .post, "/api/v1/messages", as: .bearer(world.token),
                json: #"{"clientId":"\#(customer.id)","templateKey":"appointment.confirmed"}"#)
            // then
            #expect(sent.status == .accepted)
            #expect(try sent.decoded(MessageBody.self).body == "Hi Emma!  at .")
            // when reset
            let reset = try await client.call(.delete, path, as: .bearer(world.token))
            // then
            #expect(try reset.decoded(TemplateBody.self).custom == false)
            let actions = try await auditActions(app.database, world.tenant.id)
            #expect(actions.contains("message_template.updated") && actions.contains("message_template.reset"))
        }
    }

    @Test func anotherStudiosTemplatesAreNeitherSeenNorChanged() async throws {
        try await withTestApp { client, app in
            // given A's own text
            let a = try await StudioWorld.studio(client, app)
            let b = try await StudioWorld.studio(client, app)
            let path = "/api/v1/message-templates/appointment.reminder/telegram/ru"
            _ = try await client.call(.put, path, as: .bearer(a.token), json: #"{"body":"Секрет студии A, {name}"}"#)
            // when B reads and resets the same template
            let seen = try await client.call(.get, "/api/v1/message-templates", as: .bearer(b.token)).decoded(TemplateList.self)
            _ = try await client.call(.delete, path, as: .bearer(b.token))
            // then B sees the default and A keeps its text
            #expect(seen.items.allSatisfy { !$0.custom && !$0.body.contains("Секрет") })
            let mine = try await client.call(.get, "/api/v1/message-templates", as: .bearer(a.token)).decoded(TemplateList.self)
            #expect(
                mine.items.first { $0.key == "appointment.reminder" && $0.channel == "telegram" && $0.locale == "ru" }?.body
                    == "Секрет студии A, {name}")
        }
    }

    @Test func quietHoursEndAtTheLocalMorningAcrossMidnightAndDST() {
        let london = TimeZone(identifier: "Europe/London")!
        let quiet = QuietHours(start: "21:00", end: "09:00")
        // 23:30 BST on 2026-10-24 waits until 09:00 GMT on the 25th (after the clocks went back)
        #expect(QuietHoursWindow.release(isoDate("2026-10-24T22:30:00Z"), quiet: quiet, zone: london) == isoDate("2026-10-25T09:00:00Z"))
        // 08:00 GMT is still quiet; 12:00 is not
        #expect(QuietHoursWindow.release(isoDate("2026-10-25T08:00:00Z"), quiet: quiet, zone: london) == isoDate("2026-10-25T09:00:00Z"))
        #expect(QuietHoursWindow.release(isoDate("2026-10-25T12:00:00Z"), quiet: quiet, zone: london) == isoDate("2026-10-25T12:00:00Z"))
        // a window inside one day
        let lunch = QuietHours(start: "13:00", end: "14:00")
        #expect(QuietHoursWindow.release(isoDate("2026-06-01T12:30:00Z"), quiet: lunch, zone: london) == isoDate("2026-06-01T13:00:00Z"))
        #expect(QuietHoursWindow.release(isoDate("2026-06-01T11:59:00Z"), quiet: lunch, zone: london) == isoDate("2026-06-01T11:59:00Z"))
        #expect(QuietHoursWindow.release(isoDate("2026-06-01T22:00:00Z"), quiet: nil, zone: london) == isoDate("2026-06-01T22:00:00Z"))
    }
}
