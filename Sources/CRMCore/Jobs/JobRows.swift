import Foundation
import SQLKit

/// Reading and writing `jobs` rows.
enum JobRows {
    static let columns =
        "id, queue, kind, payload, tenant_id, run_at, attempts, max_attempts, status, locked_by, locked_until, last_error, created_at, updated_at"

    struct Row: Decodable {
        let id: UUID
        let queue: String
        let kind: String
        let payload: String
        let tenantId: UUID?
        let runAt: Date
        let attempts: Int
        let maxAttempts: Int
        let status: String
        let lockedBy: String?
        let lockedUntil: Date?
        let lastError: String?
        let createdAt: Date
        let updatedAt: Date
    }

    static func decode(_ row: any SQLRow) throws -> Job {
        let raw = try row.decode(model: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Job(
            id: raw.id, queue: JobQueueName(rawValue: raw.queue) ?? .ops, kind: raw.kind,
            payload: (try? JSONDecoder().decode(JSONValue.self, from: Data(raw.payload.utf8))) ?? .null,
            tenantId: raw.tenantId.map(TenantID.init), runAt: raw.runAt, attempts: raw.attempts, maxAttempts: raw.maxAttempts,
            status: JobStatus(rawValue: raw.status) ?? .dead, lockedBy: raw.lockedBy, lockedUntil: raw.lockedUntil,
            lastError: raw.lastError, createdAt: raw.createdAt, updatedAt: raw.updatedAt)
    }

    static func encode(_ payload: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(payload), as: UTF8.self)
    }
}
