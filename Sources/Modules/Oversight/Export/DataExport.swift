import CRMCore
import Foundation

/// One export of a studio's data, from the request to the file's expiry:
/// `queued → running → ready → expired`, or `running → failed`.
public struct DataExport: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case queued, running, ready, failed, expired
    }

    public let id: UUID
    public let tenantId: TenantID
    public let requestedBy: UserID?
    public let status: Status
    public let progressDone: Int64
    public let progressTotal: Int64
    public let fileName: String
    public let sizeBytes: Int64?
    public let sha256: String?
    public let error: String?
    public let createdAt: Date
    public let startedAt: Date?
    public let finishedAt: Date?
    public let expiresAt: Date?

    /// 0…100; 100 once ready (however many rows there were).
    public var percent: Int {
        if status == .ready || status == .expired { return 100 }
        guard progressTotal > 0 else { return 0 }
        return Int(min(99, progressDone * 100 / progressTotal))
    }

    var audited: JSONValue {
        var fields: [String: JSONValue] = ["status": .string(status.rawValue), "fileName": .string(fileName)]
        if let sizeBytes { fields["sizeBytes"] = .int(sizeBytes) }
        if let sha256 { fields["sha256"] = .string(sha256) }
        if let error { fields["error"] = .string(error) }
        return .object(fields)
    }
}

/// How long a ready export can be downloaded, and how it is read and written.
public enum DataExportPolicy {
    /// A ready export is downloadable for 7 days; then the hourly cleanup deletes its file.
    public static let retention: TimeInterval = 7 * 86_400
    /// Rows read per query (keyset pages) and per progress update.
    public static let batchSize = 500
}
