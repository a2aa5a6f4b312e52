import Foundation
import SQLKit

/// Persistence of `Idempotency-Key` records: one row per (scope, key, method + path) holding
/// the request's hash and, once finished, the exact response.
public struct IdempotencyStore: Sendable {
    public struct StoredResponse: Sendable, Equatable {
        public let status: Int
        public let headers: [String: String]
        public let body: Data
    }

    public enum Claim: Sendable, Equatable {
        /// This request owns the key and must run, then `complete` or `release`.
        case claimed
        /// Finished earlier with the same body: replay this.
        case completed(StoredResponse)
        /// Another request with this key is running right now.
        case inProgress
        /// The key was used with a different body.
        case mismatch
    }

    public struct Key: Sendable, Hashable {
        public let scope: String
        public let key: String
        /// `METHOD /path`: the same key on another endpoint is another record.
        public let target: String

        public init(scope: String, key: String, target: String) {
            self.scope = scope
            self.key = key
            self.target = target
        }
    }

    let sql: any SQLDatabase
    /// How long a finished response is replayed (SPEC: 24 h).
    public let retention: TimeInterval
    /// How long a claim may run before another request may take it over (a crashed process).
    public let lease: TimeInterval

    public init(sql: any SQLDatabase, retention: TimeInterval = 24 * 3600, lease: TimeInterval = 120) {
        self.sql = sql
        self.retention = retention
        self.lease = lease
    }

    public func claim(_ key: Key, requestHash: String, now: Date) async throws -> Claim {
        // An expired record no longer exists as far as clients are concerned.
        try await sql.raw(
            """
            DELETE FROM idempotency_keys
            WHERE scope = \(bind: key.scope) AND idempotency_key = \(bind: key.key) AND request_target = \(bind: key.target)
              AND expires_at < \(bind: now)
            """
        ).run()
        let inserted = try await sql.raw(
            """
            INSERT INTO idempotency_keys
                (scope, idempotency_key, request_target, request_hash, state, locked_until, created_at, expires_at)
            VALUES (\(bind: key.scope), \(bind: key.key), \(bind: key.target), \(bind: requestHash), 'in_progress',
                    \(bind: now.addingTimeInterval(lease)), \(bind: now), \(bind: now.addingTimeInterval(retention)))
            ON CONFLICT DO NOTHING
            RETURNING state
            """
        ).first()
        if inserted != nil { return .claimed }

        struct Row: Decodable {
            let requestHash: String
            let state: String
            let responseStatus: Int?
            let responseHeaders: String?
            let responseBody: String?
            let lockedUntil: Date
        }
        guard
            let row = try await sql.raw(
                """
                SELECT request_hash, state, response_status, response_headers, response_body, locked_until FROM idempotency_keys
                WHERE scope = \(bind: key.scope) AND idempotency_key = \(bind: key.key) AND request_target = \(bind: key.target)
                """
            ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        else {
            // Deleted between our insert and read (released by a failed request): try once more.
            return try await claim(key, requestHash: requestHash, now: now)
        }
        guard row.requestHash == requestHash else { return .mismatch }
        if row.state == "completed", let status = row.responseStatus {
            let headers = row.responseHeaders.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
            let body = row.responseBody.flatMap { Data(base64Encoded: $0) } ?? Data()
            return .completed(StoredResponse(status: status, headers: headers, body: body))
        }
        if row.lockedUntil < now, try await takeOver(key, now: now) { return .claimed }
        return .inProgress
    }

    /// Takes over a claim whose lease ran out; true when this call won it.
    private func takeOver(_ key: Key, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE idempotency_keys SET locked_until = \(bind: now.addingTimeInterval(lease))
            WHERE scope = \(bind: key.scope) AND idempotency_key = \(bind: key.key) AND request_target = \(bind: key.target)
              AND state = 'in_progress' AND locked_until < \(bind: now)
            RETURNING state
            """
        ).first() != nil
    }

    public func complete(_ key: Key, response: StoredResponse) async throws {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        try await sql.raw(
            """
            UPDATE idempotency_keys
            SET state = 'completed', response_status = \(bind: response.status), response_headers = \(bind: headers),
                response_body = \(bind: response.body.base64EncodedString())
            WHERE scope = \(bind: key.scope) AND idempotency_key = \(bind: key.key) AND request_target = \(bind: key.target)
            """
        ).run()
    }

    /// Forgets a claim whose request failed, so the client may retry with the same key.
    public func release(_ key: Key) async throws {
        try await sql.raw(
            """
            DELETE FROM idempotency_keys
            WHERE scope = \(bind: key.scope) AND idempotency_key = \(bind: key.key) AND request_target = \(bind: key.target)
              AND state = 'in_progress'
            """
        ).run()
    }

    /// Deletes expired records; returns nothing, safe to run any time.
    public func purgeExpired(now: Date) async throws {
        try await sql.raw("DELETE FROM idempotency_keys WHERE expires_at < \(bind: now)").run()
    }
}
