import CRMCore
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

@testable import Modules

@Suite struct ManualPaymentTests {
    /// A tiny PNG (its signature and a few bytes).
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52])

    /// `multipart/form-data` as a browser builds it.
    static func form(_ fields: [(String, String)], file: (name: String, type: String, data: Data)?) -> (body: ByteBuffer, contentType: String) {
        let boundary = "----VeloriaBoundary7MA4YWxk"
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        if let file {
            body.append(
                Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"proof\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.type)\r\n\r\n".utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return (ByteBuffer(bytes: body), "multipart/form-data; boundary=\(boundary)")
    }

    static func record(
        _ client: some TestClientProtocol, token: String, fields: [(String, String)], file: (name: String, type: String, data: Data)? = (
            "receipt.png", "image/png", png
        )
    ) async throws -> TestResponse {
        let form = form(fields, file: file)
        return try await client.execute(
            uri: "/api/v1/payments/manual", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: form.contentType, .idempotencyKey: UUID().uuidString], body: form.body)
    }

    @Test func aManualPaymentCountsOnlyAfterSomeoneElseApprovesIt() async throws {
        try await withPayments { client, app, _, _ in
            // given: a finance user records, a manager approves
            let world = try await StudioWorld.payment(client, app)
            let finance = try await Fixtures.user(in: app.database, tenant: world.tenant, role: .finance)
            let financeToken = try await Fixtures.bearer(in: app.database, for: finance)
            let manager = try await Fixtures.user(in: app.database, tenant: world.tenant, role: .manager)
            let managerToken = try await Fixtures.bearer(in: app.database, for: manager)
            // when
            let recorded = try await Self.record(
                client, token: financeToken, fields: [("invoiceId", world.invoiceId), ("amount", "400.00"), ("comment", "Cash at the desk")])
            // then: pending, the invoice untouched
            #expect(recorded.status == .created)
            let payment = try recorded.decoded(PaymentBody.self)
            #expect(payment.provider == "manual" && payment.status == "pending" && payment.kind == "partial" && payment.payUrl == nil)
            #expect(try await world.invoice(client).paid == "0.00")
            // when: the recorder tries to approve, then finance (no permission), then the manager
            let selfApproval = try await client.call(.post, "/api/v1/payments/\(payment.id)/approve", as: .bearer(financeToken))
            let approved = try await client.call(
                .post, "/api/v1/payments/\(payment.id)/approve", as: .bearer(managerToken), json: #"{"comment":"Matches the till"}"#)
            let twice = try await client.call(.post, "/api/v1/payments/\(payment.id)/approve", as: .bearer(world.token))
            // then
            #expect(selfApproval.status == .forbidden && selfApproval.errorCode == "permission_denied")
            #expect(try approved.status == .ok && approved.decoded(PaymentBody.self).status == "succeeded")
            #expect(twice.status == .conflict && twice.errorCode == "invalid_transition")
            let invoice = try await world.invoice(client)
            #expect(invoice.status == "partially_paid" && invoice.paid == "400.00")
            struct Decision: Decodable { let decision: String; let decidedBy: UUID; let comment: String? }
            let decisions = try await app.database.sql.raw(
                "SELECT decision, decided_by, comment FROM manual_payment_approvals WHERE tenant_id = \(bind: world.tenantId)"
            ).all(decoding: Decision.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(decisions.count == 1 && decisions.first?.decision == "approved" && decisions.first?.decidedBy == manager.id.uuid)
            #expect(try await auditCount(app.database, world.tenantId, action: "payment.approved") == 1)
            // and the proof comes back byte for byte
            let proof = try await client.call(.get, "/api/v1/payments/\(payment.id)/proof", as: .bearer(managerToken))
            #expect(proof.status == .ok && proof.headers[.contentType] == "image/png" && Data(buffer: proof.body) == Self.png)
        }
    }

    @Test func theCreatorOfAManualPaymentCannotApproveItEvenAsOwner() async throws {
        try await withPayments { client, app, _, _ in
            let world = try await StudioWorld.payment(client, app)
            let recorded = try await Self.record(client, token: world.token, fields: [("invoiceId", world.invoiceId), ("comment", "Transfer")])
            let payment = try recorded.decoded(PaymentBody.self)
            #expect(payment.kind == "full" && payment.amount == "1000.00")
            let approval = try await client.call(.post, "/api/v1/payments/\(payment.id)/approve", as: .bearer(world.token))
            #expect(approval.status == .forbidden && approval.errorCode == "self_approval")
            #expect(try await world.payment(client, payment.id).status == "pending")
        }
    }

    @Test func aRejectionNeedsACommentAndLeavesTheInvoiceUnpaid() async throws {
        try await withPayments { client, app, _, _ in
            let world = try await StudioWorld.payment(client, app)
            let manager = try await Fixtures.user(in: app.database, tenant: world.tenant, role: .manager)
            let managerToken = try await Fixtures.bearer(in: app.database, for: manager)
            let payment = try await Self.record(client, token: world.token, fields: [("invoiceId", world.invoiceId), ("comment", "Transfer")])
                .decoded(PaymentBody.self)
            let silent = try await client.call(.post, "/api/v1/payments/\(payment.id)/reject", as: .bearer(managerToken))
            let rejected = try await client.call(
                .post, "/api/v1/payments/\(payment.id)/reject", as: .bearer(managerToken), json: #"{"comment":"No such transfer"}"#)
            #expect(silent.status == .badRequest && silent.errorBody?.fields?["comment"] == "required")
            #expect(try rejected.status == .ok && rejected.decoded(PaymentBody.self).status == "cancelled")
            #expect(try await world.invoice(client).paid == "0.00")
        }
    }

    @Test func badUploadsAreRefusedFieldByFieldAndStoreNothing() async throws {
        try await withPayments { client, app, _, _ in
            // given
            let world = try await StudioWorld.payment(client, app)
            // when
            let noProof = try await Self.record(client, token: world.token, fields: [("invoiceId", world.invoiceId)], file: nil)
            let fakePNG = try await Self.record(
                client, token: world.token, fields: [("invoiceId", world.invoiceId), ("comment", "x")],
                file: ("receipt.png", "image/png", Data("<html>not an image</html>".utf8)))
            let tooMuch = try await Self.record(client, token: world.token, fields: [("invoiceId", world.invoiceId), ("comment", "x"), ("amount", "1000.01")])
            // then
            #expect(noProof.status == .badRequest)
            #expect(noProof.errorBody?.fields == ["proof": "required", "comment": "required"])
            #expect(fakePNG.status == .badRequest && fakePNG.errorBody?.fields == ["proof": "unsupported_type"])
            #expect(tooMuch.status == .badRequest && tooMuch.errorBody?.fields == ["amount": "exceeds_balance"])
            #expect(try await app.database.sql.raw("SELECT payment_id FROM payment_proofs").all().isEmpty)
            #expect(try await app.database.sql.raw("SELECT id FROM payments WHERE tenant_id = \(bind: world.tenantId)").all().isEmpty)
        }
    }

    @Test func aJSONUploadWithABase64ProofWorksToo() async throws {
        try await withPayments { client, app, _, _ in
            let world = try await StudioWorld.payment(client, app)
            let body = #"{"invoiceId":"\#(world.invoiceId)","comment":"Card terminal","proof":{"fileName":"slip.png","contentType":"image/png","content":"\#(Self.png.base64EncodedString())"}}"#
            let response = try await client.execute(
                uri: "/api/v1/payments/manual", method: .post,
                headers: [.authorization: "Bearer \(world.token)", .contentType: "application/json", .idempotencyKey: "manual-1"],
                body: ByteBuffer(string: body))
            #expect(response.status == .created)
            let id = try response.decoded(PaymentBody.self).id
            let proof = try await client.call(.get, "/api/v1/payments/\(id)/proof", as: .bearer(world.token))
            #expect(Data(buffer: proof.body) == Self.png)
        }
    }
}
