import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

@testable import Modules
@testable import Billing

@Suite struct PayLinkAndHealthTests {
    @Test func thePayLinkSendsThePayerToTheProviderAndStartsTheDeadline() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: a deposit nobody submitted yet (its job has not run)
            let world = try await DepositTests.world(client, app)
            let booked = try await DepositTests.book(client, world)
            let deposit = try await DepositTests.deposit(client, world, of: booked.id)
            #expect(deposit.providerPaymentId == nil)
            let path = try #require(deposit.payPath)
            // when: the payer opens the link
            let opened = try await client.call(.get, path)
            // then: submitted on the spot, redirected to YooKassa's page, deadline running
            #expect(opened.status == .seeOther)
            #expect(opened.headers[.location]?.hasPrefix("https://yoomoney.test/checkout/") == true)
            #expect(yookassa.createCalls.count == 1)
            let checks = try await jobs(app.database, world.tenantId, kind: "payment.check")
            #expect(checks.map(\.runAt) == [app.clock.now().addingTimeInterval(30 * 60)])
            // when: opened again, the same page (no second payment)
            let reopened = try await client.call(.get, path)
            #expect(reopened.headers[.location] == opened.headers[.location])
            #expect(yookassa.createCalls.count == 1)
        }
    }

    @Test func aLinkWithAnotherSignatureOrStudioIsNotFound() async throws {
        try await withPayments { client, app, _, _ in
            let world = try await StudioWorld.payment(client, app)
            let other = try await StudioWorld.payment(client, app)
            let payment = try await world.pay(client).decoded(PaymentBody.self)
            let path = try #require(payment.payPath)
            let forged = path.replacingOccurrences(of: "sig=", with: "sig=x")
            let elsewhere = path.replacingOccurrences(of: "/public/\(world.slug)/", with: "/public/\(other.slug)/")
            #expect(try await client.call(.get, forged).status == .notFound)
            #expect(try await client.call(.get, elsewhere).status == .notFound)
            #expect(try await client.call(.get, path).status == .seeOther)
        }
    }

    @Test func aPaidChainSendsThePayerToTheReturnPage() async throws {
        try await withPayments { client, app, yookassa, _ in
            let world = try await StudioWorld.payment(client, app)
            let updated = try await client.call(
                .put, "/api/v1/settings/payments", as: .bearer(world.token), json: #"{"returnUrl":"https://studio.example/thanks"}"#)
            #expect(updated.status == .ok)
            let payment = try await world.pay(client).decoded(PaymentBody.self)
            yookassa.pay(try #require(payment.providerPaymentId))
            _ = try await world.yookassaNotification(client, event: "payment.succeeded", objectId: payment.providerPaymentId!)
            let opened = try await client.call(.get, try #require(payment.payPath))
            #expect(opened.status == .seeOther && opened.headers[.location] == "https://studio.example/thanks")
            #expect(try yookassa.createCalls.first?.jsonBody()["confirmation"] as? [String: String] == [
                "type": "redirect", "return_url": "https://studio.example/thanks",
            ])
        }
    }

    @Test func providerHealthCountsTheLastHoursCallsOfThisStudioOnly() async throws {
        try await withPayments(yookassaTimeout: .seconds(1)) { client, app, yookassa, _ in
            // given: one good YooKassa call, then a timeout that moved a payment to Stripe
            let world = try await StudioWorld.payment(client, app, total: "10.00")
            let other = try await StudioWorld.payment(client, app, total: "10.00")
            _ = try await world.pay(client)
            yookassa.set { $0.createOutcome = .slow(.seconds(3)) }
            _ = try await world.pay(client, amount: "5.00")
            // when
            struct Health: Decodable {
                struct Provider: Decodable { let provider: String; let calls: Int; let failures: Int; let successRate: Double?; let lastFailureKind: String? }
                let windowMinutes: Int
                let providers: [Provider]
            }
            let mine = try await client.call(.get, "/api/v1/system/providers", as: .bearer(world.token)).decoded(Health.self)
            let theirs = try await client.call(.get, "/api/v1/system/providers", as: .bearer(other.token)).decoded(Health.self)
            // then
            let yk = try #require(mine.providers.first { $0.provider == "yookassa" })
            #expect(yk.calls == 2 && yk.failures == 1 && yk.successRate == 0.5 && yk.lastFailureKind == "temporary")
            #expect(mine.providers.first { $0.provider == "stripe" }?.calls == 1)
            #expect(theirs.providers.allSatisfy { $0.calls == 0 && $0.successRate == nil })
            // and an hour later the window is empty
            app.clock.advance(by: 3601)
            let later = try await client.call(.get, "/api/v1/system/providers", as: .bearer(world.token)).decoded(Health.self)
            #expect(later.providers.allSatisfy { $0.calls == 0 })
        }
    }
}

@Suite struct MessagingProviderHealthTests {
    @Test func messagingProviderCallsCountInProviderHealth() async throws {
        // given: SMS Aero that is rate limited once, then takes the message
        let sms = ScriptedSender(provider: "smsaero", channel: .sms, script: [.fail(.rateLimited)])
        try await withPayments(senders: ScriptedSenders(sms)) { client, app, _, _ in
            let world = try await StudioWorld.payment(client, app)
            let patched = try await client.call(
                .patch, "/api/v1/clients/\(world.clientId)", as: .bearer(world.token), json: #"{"phone":"+79121234567"}"#)
            #expect(patched.status == .ok)
            let queued = try await client.call(
                .post, "/api/v1/messages", as: .bearer(world.token), json: #"{"clientId":"\#(world.clientId)","channel":"sms","text":"Hello"}"#)
            #expect(queued.status == .accepted)
            // when: the first attempt and its retry run
            try await runDueJobs(app)
            app.clock.advance(by: 600)
            try await runDueJobs(app)
            // then
            #expect(sms.sent.count == 2)
            struct Health: Decodable {
                struct Provider: Decodable { let provider: String; let calls: Int; let failures: Int; let lastFailureKind: String? }
                let providers: [Provider]
            }
            let health = try await client.call(.get, "/api/v1/system/providers", as: .bearer(world.token)).decoded(Health.self)
            let smsaero = try #require(health.providers.first { $0.provider == "smsaero" })
            #expect(smsaero.calls == 2 && smsaero.failures == 1 && smsaero.lastFailureKind == "temporary")
            #expect(Set(health.providers.map(\.provider)).isSuperset(of: ["yookassa", "stripe", "smsaero", "smsc", "mailgun", "smtp", "telegram"]))
        }
    }
}

extension CrossTenantProbes {
    /// A's payment (online, with a refund route) and manual payment stay invisible to B.
    static let payments = CrossTenantProbe(
        name: "payments",
        fixture: { world, app in
            let client = try await CrossTenantProbes.insertClient(world, app, name: "Probe Client")
            let now = app.clock.now()
            var payment = PaymentsService.attempt(
                tenant: world.tenant.id, chain: nil, channel: .manual, kind: .full, amount: Money(major: 10), currency: "RUB", capture: true,
                invoiceId: nil, appointmentId: nil, clientId: client, createdBy: nil, now: now)
            payment.comment = "A's cash"
            try await PaymentsRepository(sql: app.database.sql, tenantId: world.tenant.id).insert(payment)
            try await app.database.sql.raw(
                """
                INSERT INTO payment_proofs (tenant_id, payment_id, file_name, content_type, size_bytes, sha256, content, uploaded_at)
                VALUES (\(bind: world.tenant.id), \(bind: payment.id), 'a.png', 'image/png', 4, 'x', \(bind: Data([0x89, 0x50, 0x4E, 0x47])), \(bind: now))
                """
            ).run()
            return ["id": payment.id.description]
        },
        routes: [
            .init(.get, "/api/v1/payments/{id}"),
            .init(.get, "/api/v1/payments/{id}/proof"),
            .init(.post, "/api/v1/payments/{id}/refresh"),
            .init(.post, "/api/v1/payments/{id}/capture"),
            .init(.post, "/api/v1/payments/{id}/cancel"),
            .init(.post, "/api/v1/payments/{id}/refunds", json: #"{"amount":"1.00","reason":"B"}"#),
            .init(.post, "/api/v1/payments/{id}/approve"),
            .init(.post, "/api/v1/payments/{id}/reject", json: #"{"comment":"B"}"#),
        ],
        lists: [
            .init(path: "/api/v1/payments") { try $0.decoded(PaymentPage.self).items.map(\.id) },
            .init(path: "/api/v1/payments?filter[provider]=manual") { try $0.decoded(PaymentPage.self).items.map(\.id) },
        ],
        intact: { world, app, parameters in
            guard let id = PaymentID(string: parameters["id"] ?? "") else { return false }
            let stored = try await PaymentsRepository(sql: app.database.sql, tenantId: world.tenant.id).find(id)
            return stored?.status == .pending && stored?.refundReserved == .zero
        })
}

@Suite struct InvoiceSendTests {
    @Test func sendingAnInvoiceTextsTheClientItsPayLinkAndTheLinkStartsThePayment() async throws {
        let sms = ScriptedSender(provider: "smsaero", channel: .sms)
        try await withPayments(senders: ScriptedSenders(sms)) { client, app, yookassa, _ in
            // given: a client with a phone
            let world = try await StudioWorld.payment(client, app)
            let patched = try await client.call(
                .patch, "/api/v1/clients/\(world.clientId)", as: .bearer(world.token), json: #"{"phone":"+79121234567"}"#)
            #expect(patched.status == .ok)
            // when: sent twice
            let first = try await client.call(.post, "/api/v1/invoices/\(world.invoiceId)/send", as: .bearer(world.token))
            let second = try await client.call(.post, "/api/v1/invoices/\(world.invoiceId)/send", as: .bearer(world.token), json: #"{"channel":"sms"}"#)
            // then: both queued on sms, one payment chain, nothing at the provider yet
            struct Sent: Decodable { let paymentId: String; let payUrl: String; let channel: String; let status: String }
            #expect(first.status == .accepted && second.status == .accepted)
            let sent = try first.decoded(Sent.self)
            #expect(sent.channel == "sms" && sent.status == "queued")
            #expect(try second.decoded(Sent.self).paymentId == sent.paymentId)
            #expect(yookassa.createCalls.isEmpty)
            try await runDueJobs(app)
            #expect(sms.sent.count == 2)
            #expect(sms.sent.first?.text.contains(sent.payUrl) == true)
            // when: the payer opens the link
            let url = try #require(URLComponents(string: sent.payUrl))
            let opened = try await client.call(.get, url.path + "?" + (url.percentEncodedQuery ?? ""))
            // then: submitted and redirected
            #expect(opened.status == .seeOther)
            #expect(yookassa.createCalls.count == 1)
            // and a paid invoice cannot be sent again
            let payment = try await world.payment(client, sent.paymentId)
            yookassa.pay(try #require(payment.providerPaymentId))
            _ = try await world.yookassaNotification(client, event: "payment.succeeded", objectId: payment.providerPaymentId!)
            let paid = try await client.call(.post, "/api/v1/invoices/\(world.invoiceId)/send", as: .bearer(world.token))
            #expect(paid.status == .conflict && paid.errorCode == "invoice_not_payable")
        }
    }
}
