import CRMCore
import Foundation
import SQLKit

/// What a manual payment keeps besides its payment row: the uploaded proof
/// (`payment_proofs`) and the one decision on it (`manual_payment_approvals`), of one tenant.
struct ManualPaymentsRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func insertProof(_ proof: PaymentProof, of payment: PaymentID, sha256 digest: String, by user: UserID?, now: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO payment_proofs (tenant_id, payment_id, file_name, content_type, size_bytes, sha256, content, uploaded_by, uploaded_at)
            VALUES (\(bind: tenantId), \(bind: payment), \(bind: proof.fileName), \(bind: proof.contentType),
                    \(bind: Int64(proof.data.count)), \(bind: digest), \(bind: proof.data), \(bind: user), \(bind: now))
            """
        ).run()
    }

    func insertDecision(_ decisionId: UUID, on payment: PaymentID, approve: Bool, by approver: UserID, comment: String?, now: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO manual_payment_approvals (tenant_id, id, payment_id, decision, decided_by, comment, decided_at)
            VALUES (\(bind: tenantId), \(bind: decisionId), \(bind: payment), \(bind: approve ? "approved" : "rejected"), \(bind: approver),
                    \(bind: comment), \(bind: now))
            """
        ).run()
    }

    func proof(of payment: PaymentID) async throws -> PaymentsService.StoredProof? {
        try await sql.raw(
            "SELECT file_name, content_type, content FROM payment_proofs WHERE tenant_id = \(bind: tenantId) AND payment_id = \(bind: payment)"
        ).first(decoding: PaymentsService.StoredProof.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
