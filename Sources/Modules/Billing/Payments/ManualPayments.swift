import CRMCore
import Crypto
import Foundation
import SQLKit
import Tenancy
import Booking
import Clients

/// A proof of a manual payment: a photo or a PDF of the receipt, kept with the payment.
struct PaymentProof: Sendable {
    /// Under the 10 MiB body limit with room for the form around it.
    static let maxBytes = 8 << 20
    /// Content types accepted, each checked against the file's first bytes.
    static let signatures: [String: [UInt8]] = [
        "image/jpeg": [0xFF, 0xD8, 0xFF], "image/png": [0x89, 0x50, 0x4E, 0x47], "application/pdf": [0x25, 0x50, 0x44, 0x46],
        "image/webp": [0x52, 0x49, 0x46, 0x46],
    ]

    let fileName: String
    let contentType: String
    let data: Data

    /// The problem with an uploaded file, if any (`proof: too_large | unsupported_type | required`).
    static func problem(fileName: String?, contentType: String?, data: Data?) -> String? {
        guard let data, !data.isEmpty, let contentType = contentType?.split(separator: ";").first.map({ $0.lowercased() }) else { return "required" }
        guard data.count <= maxBytes else { return "too_large" }
        guard let signature = signatures[contentType], data.starts(with: signature) else { return "unsupported_type" }
        if let fileName, fileName.count > 255 { return "invalid" }
        return nil
    }
}

/// Manual payments (SPEC §6): not a button. Staff with `finance.write` record one with an
/// uploaded proof and a comment; it stays `pending` until an owner or manager other than its
/// creator approves it (then it counts like any payment) or rejects it. Each decision is a row
/// of `manual_payment_approvals`, audited with the payment.
extension PaymentsService {
    struct ManualInput {
        var fields: BodyFields
        var proof: PaymentProof?
        var proofProblem: String?
    }

    func createManual(_ input: ManualInput, scope: TenantScope) async throws -> Payment {
        var fields = input.fields
        let invoiceId: BodyField<InvoiceID> = fields.id("invoiceId")
        let appointmentId: BodyField<AppointmentID> = fields.id("appointmentId")
        let topUpClientId: BodyField<CustomerID> = fields.id("clientId")
        fields.require("clientId", topUpClientId, creating: false)
        let amount = fields.money("amount")
        let comment = fields.text("comment", maxLength: 2000)
        var problems = fields.problems
        if (comment.value ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, problems["comment"] == nil { problems["comment"] = "required" }
        if let problem = input.proofProblem { problems["proof"] = problem }
        if let value = amount.value, value <= .zero { problems["amount"] = "out_of_range" }
        if invoiceId.value != nil, appointmentId.value != nil { problems["appointmentId"] = "conflicts_with_invoice" }
        if topUpClientId.value != nil, invoiceId.value != nil || appointmentId.value != nil { problems["clientId"] = "conflicts_with_invoice" }
        if topUpClientId.value != nil, amount.isAbsent { problems["amount"] = "required" }
        if invoiceId.value == nil, appointmentId.value == nil, topUpClientId.value == nil, problems["invoiceId"] == nil {
            problems["invoiceId"] = "required"
        }
        if let id = topUpClientId.value, try await ClientDirectory(sql: database.sql).client(id, tenant: scope.tenantId) == nil {
            problems["clientId"] = "not_found"
        }
        var invoice: Invoice?
        var appointment: Appointment?
        if let id = invoiceId.value {
            invoice = try await InvoicesRepository(sql: database.sql, tenantId: scope.tenantId).find(id)
            if invoice == nil { problems["invoiceId"] = "not_found" }
        }
        if let id = appointmentId.value {
            appointment = try await AppointmentDirectory(sql: database.sql, tenantId: scope.tenantId).appointment(id)
            if appointment == nil { problems["appointmentId"] = "not_found" }
        }
        guard problems.isEmpty, let proof = input.proof else { throw AppError.validation(problems) }
        let kind: PaymentKind
        let value: Money
        let clientId: CustomerID
        if let invoice {
            guard [.issued, .partiallyPaid].contains(invoice.status) else {
                throw AppError.conflict("invoice_not_payable", details: ["status": .string(invoice.status.rawValue)])
            }
            value = amount.value ?? invoice.balance
            guard value <= invoice.balance else { throw AppError.validation(["amount": "exceeds_balance"]) }
            kind = value == invoice.balance ? .full : .partial
            clientId = invoice.clientId
        } else if let client = topUpClientId.value, let amount = amount.value {
            value = amount
            kind = .topUp
            clientId = client
        } else if let appointment {
            guard appointment.depositStatus == .required, let deposit = appointment.depositAmount else {
                throw AppError.conflict("deposit_not_required", details: ["depositStatus": .string(appointment.depositStatus.rawValue)])
            }
            value = amount.value ?? deposit
            kind = .deposit
            clientId = appointment.clientId
        } else {
            throw AppError.validation(problems)
        }
        let now = scope.clock.now()
        var payment = Self.attempt(
            tenant: scope.tenantId, chain: nil, channel: .manual, kind: kind, amount: value, currency: scope.tenant.currency, capture: true,
            invoiceId: invoice?.id, appointmentId: invoice?.appointmentId ?? appointment?.id, clientId: clientId, createdBy: scope.userId, now: now)
        payment.comment = comment.value?.trimmingCharacters(in: .whitespacesAndNewlines)
        let created = payment
        let digest = SHA256.hash(data: proof.data).map { String(format: "%02x", $0) }.joined()
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            try await PaymentsRepository(sql: sql, tenantId: scope.tenantId).insert(created)
            try await ManualPaymentsRepository(sql: sql, tenantId: scope.tenantId).insertProof(
                proof, of: created.id, sha256: digest, by: scope.userId, now: now)
            var snapshot = created.auditSnapshot
            if case .object(var object) = snapshot {
                object["proof"] = .object([
                    "fileName": .string(proof.fileName), "contentType": .string(proof.contentType), "sizeBytes": .int(Int64(proof.data.count)),
                    "sha256": .string(digest),
                ])
                snapshot = .object(object)
            }
            let record = MutationRecord(action: "payment.created", entityType: "payment", entityId: created.id.description, after: snapshot)
            return (created, [record])
        }
    }

    /// `POST /payments/{id}/approve` or `/reject`: one decision per manual payment, never by its creator.
    func decideManual(_ id: PaymentID, approve: Bool, comment: String?, scope: TenantScope) async throws -> Payment {
        if !approve, (comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw AppError.validation(["comment": "required"]) }
        // A decision is a person's: a job or a client never approves money.
        let approver = try scope.actingUser().id
        let now = scope.clock.now()
        let tenant = scope.tenant
        let transitions = appointmentTransitions
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
            try await repository.lock(id)
            guard let before = try await repository.find(id) else { throw AppError.notFound() }
            guard before.channel == .manual, before.kind != .refund, before.status == .pending else {
                throw AppError.invalidTransition(from: before.status.rawValue, to: approve ? "succeeded" : "cancelled")
            }
            guard before.createdBy != approver else { throw AppError.forbidden("self_approval") }
            let decisionId = UUID()
            try await ManualPaymentsRepository(sql: sql, tenantId: tenant.id).insertDecision(
                decisionId, on: id, approve: approve, by: approver, comment: comment, now: now)
            var after = before
            after.status = approve ? .succeeded : .cancelled
            after.succeededAt = approve ? now : nil
            after.failureReason = approve ? nil : "rejected"
            after.updatedAt = now
            try await repository.update(after)
            var records = [
                MutationRecord(
                    action: approve ? "payment.approved" : "payment.rejected", entityType: "payment", entityId: id.description,
                    before: before.auditSnapshot, after: after.auditSnapshot,
                    payload: .object([
                        "paymentId": .string(id.description), "approvalId": .string(decisionId.uuidString.lowercased()),
                        "decidedBy": .string(approver.description), "comment": comment.map(JSONValue.string) ?? .null,
                        "amount": .string(after.amount.description),
                    ]))
            ]
            if approve { records += try await PaymentsLedger.received(after, tenant: tenant, transitions: transitions, now: now, on: sql) }
            return (after, records)
        }
    }

    struct StoredProof: Decodable {
        let fileName: String
        let contentType: String
        let content: Data
    }

    func proof(of id: PaymentID, scope: TenantScope) async throws -> StoredProof {
        _ = try await payment(id, scope: scope)
        guard let proof = try await ManualPaymentsRepository(sql: database.sql, tenantId: scope.tenantId).proof(of: id) else {
            throw AppError.notFound()
        }
        return proof
    }
}
