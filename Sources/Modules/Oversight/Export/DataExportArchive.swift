import CRMCore
import Crypto
import Foundation
import SQLKit

/// Writes one studio's export: a ZIP with one CSV per source (and a README), streamed from the
/// database batch by batch, reporting rows as they are written.
struct DataExportArchive {
    let sources: [any DataExportSource]

    /// Writes the archive to `url`; answers the rows written, the size and the SHA-256 (hex).
    func write(
        tenant: TenantID, on sql: any SQLDatabase, to url: URL, now: Date, progress: (Int64) async throws -> Void
    ) async throws -> (rows: Int64, size: Int64, sha256: String) {
        let zip = try ZipWriter(url: url, modified: now)
        var rows: Int64 = 0
        try zip.beginEntry("README.txt")
        try zip.write(Array(Self.readme(sources: sources, now: now).utf8))
        try zip.closeEntry()
        for source in sources {
            try zip.beginEntry(source.fileName)
            try zip.write(Array(CSVFormat.line(source.columns).utf8))
            try await source.forEachBatch(tenant: tenant, on: sql, batchSize: DataExportPolicy.batchSize) { batch in
                // The worker cancels a job past the heavy queue's timeout: stop at the next batch.
                try Task.checkCancellation()
                var bytes: [UInt8] = []
                for row in batch { bytes.append(contentsOf: CSVFormat.line(row).utf8) }
                try zip.write(bytes)
                rows += Int64(batch.count)
                try await progress(rows)
            }
            try zip.closeEntry()
        }
        let size = try zip.finish()
        return (rows, Int64(size), try Self.sha256(of: url))
    }

    static func sha256(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    static func readme(sources: [any DataExportSource], now: Date) -> String {
        """
        VeloriaCRM data export, made \(CSVFormat.time(now)).

        One CSV file per table: RFC 4180 (comma-separated, fields with a comma, quote or line break in
        double quotes, quotes doubled, CRLF line ends), UTF-8 without a byte-order mark, a header row.
        Amounts are decimal strings with two places in the row's currency (1500.00); times are ISO 8601
        in UTC (2026-06-01T09:00:00+00:00); ids are lower-case UUIDs; empty means none.
        A text cell starting with = + - @ (or a tab or carriage return) is written with a leading ',
        so that a spreadsheet shows it instead of running it as a formula; plain numbers are not changed.
        Not included: passwords, two-factor secrets, sessions and tokens, provider credentials.

        Files: \(sources.map(\.fileName).joined(separator: ", "))
        """.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
    }
}
