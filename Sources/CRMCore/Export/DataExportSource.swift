import Foundation
import SQLKit

/// One file of a studio's data export (`clients.csv`): its header and its rows for one tenant.
/// Each domain implements the sources of the tables it owns (in its `*ExportRepository.swift`);
/// the composition root hands the list to the export job, as it does the client history's sources.
public protocol DataExportSource: Sendable {
    /// The file name inside the archive, e.g. `clients.csv`.
    var fileName: String { get }
    /// The header row.
    var columns: [String] { get }
    /// How many rows `forEachBatch` will give for `tenant` (for progress).
    func count(tenant: TenantID, on sql: any SQLDatabase) async throws -> Int
    /// The tenant's rows, already formatted as cells, in batches of at most `batchSize` read in key
    /// order (keyset paging): never the whole table in memory.
    func forEachBatch(
        tenant: TenantID, on sql: any SQLDatabase, batchSize: Int, _ body: ([[String]]) async throws -> Void
    ) async throws
}
