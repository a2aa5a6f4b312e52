import Foundation

/// Why a ZIP could not be written.
public enum ZipWriterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An entry or the archive would pass 4 GiB (or 65,535 entries): ZIP64 is not written.
    case tooLarge
    case entryOpen
    case noEntryOpen
    case finished

    public var description: String {
        switch self {
        case .tooLarge: "the archive would exceed 4 GiB or 65535 entries (ZIP64 is not supported)"
        case .entryOpen: "an entry is still open"
        case .noEntryOpen: "no entry is open"
        case .finished: "the archive is already finished"
        }
    }
}

/// A ZIP archive written to a file, entry by entry, without holding an entry in memory: stored
/// (uncompressed) entries, each local header patched with its CRC-32 and sizes once the entry's
/// bytes are written (so no data descriptors), then the central directory. Names are UTF-8 (flag
/// bit 11). Anything that needs ZIP64 (an entry or the archive past 4 GiB, more than 65,535
/// entries) is refused with `ZipWriterError.tooLarge`, before the limit is crossed.
public final class ZipWriter {
    struct Entry {
        let name: [UInt8]
        let headerOffset: UInt32
        var crc: UInt32 = 0
        var size: UInt32 = 0
    }

    private let handle: FileHandle
    private var entries: [Entry] = []
    private var open: (entry: Entry, crc: CRC32, size: UInt64)?
    private var offset: UInt64 = 0
    private var finished = false
    /// DOS date and time of every entry (the export's moment, UTC).
    private let dosTime: UInt16
    private let dosDate: UInt16
    /// The archive's size limit; 4 GiB - 1 unless a test lowers it.
    let limit: UInt64

    /// Creates (or truncates) the file at `url`.
    public init(url: URL, modified: Date, limit: UInt64 = UInt64(UInt32.max)) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try FileHandle(forWritingTo: url)
        self.limit = limit
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: modified)
        dosTime = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        dosDate = UInt16(max(0, (parts.year ?? 1980) - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
    }

    deinit { try? handle.close() }

    /// Starts the entry `name`; its bytes follow through `write`, and `closeEntry` ends it.
    public func beginEntry(_ name: String) throws {
        guard !finished else { throw ZipWriterError.finished }
        guard open == nil else { throw ZipWriterError.entryOpen }
        guard entries.count < 65_535, offset < limit else { throw ZipWriterError.tooLarge }
        let entry = Entry(name: Array(name.utf8), headerOffset: UInt32(offset))
        try emit(localHeader(entry))
        open = (entry, CRC32(), 0)
    }

    public func write(_ bytes: [UInt8]) throws {
        guard var current = open else { throw ZipWriterError.noEntryOpen }
        guard offset + UInt64(bytes.count) < limit else { throw ZipWriterError.tooLarge }
        current.crc.update(bytes)
        current.size += UInt64(bytes.count)
        open = current
        try emit(bytes)
    }

    /// Ends the open entry and writes its CRC-32 and sizes into its local header.
    public func closeEntry() throws {
        guard let current = open else { throw ZipWriterError.noEntryOpen }
        var entry = current.entry
        entry.crc = current.crc.value
        entry.size = UInt32(current.size)
        try handle.seek(toOffset: UInt64(entry.headerOffset) + 14)
        var patch: [UInt8] = []
        patch.append32(entry.crc)
        patch.append32(entry.size)
        patch.append32(entry.size)
        try handle.write(contentsOf: patch)
        try handle.seekToEnd()
        entries.append(entry)
        open = nil
    }

    /// Writes the central directory and closes the file; answers the archive's size in bytes.
    @discardableResult
    public func finish() throws -> UInt64 {
        guard !finished else { throw ZipWriterError.finished }
        guard open == nil else { throw ZipWriterError.entryOpen }
        let directoryOffset = offset
        var directory: [UInt8] = []
        for entry in entries {
            directory.append32(0x0201_4b50)
            directory.append16(20)  // made by: version 2.0
            directory.append16(20)  // needed to extract: 2.0
            directory.append16(0x0800)  // UTF-8 names
            directory.append16(0)  // stored
            directory.append16(dosTime)
            directory.append16(dosDate)
            directory.append32(entry.crc)
            directory.append32(entry.size)
            directory.append32(entry.size)
            directory.append16(UInt16(entry.name.count))
            directory.append16(0)  // extra
            directory.append16(0)  // comment
            directory.append16(0)  // disk
            directory.append16(0)  // internal attributes
            directory.append32(0o100644 << 16)  // external: a regular file, rw-r--r--
            directory.append32(entry.headerOffset)
            directory.append(contentsOf: entry.name)
        }
        guard directoryOffset + UInt64(directory.count) + 22 < limit else { throw ZipWriterError.tooLarge }
        try emit(directory)
        var end: [UInt8] = []
        end.append32(0x0605_4b50)
        end.append16(0)
        end.append16(0)
        end.append16(UInt16(entries.count))
        end.append16(UInt16(entries.count))
        end.append32(UInt32(directory.count))
        end.append32(UInt32(directoryOffset))
        end.append16(0)
        try emit(end)
        try handle.synchronize()
        try handle.close()
        finished = true
        return offset
    }

    private func localHeader(_ entry: Entry) -> [UInt8] {
        var header: [UInt8] = []
        header.append32(0x0403_4b50)
        header.append16(20)
        header.append16(0x0800)
        header.append16(0)
        header.append16(dosTime)
        header.append16(dosDate)
        header.append32(0)  // CRC-32, patched by closeEntry
        header.append32(0)  // compressed size, patched
        header.append32(0)  // size, patched
        header.append16(UInt16(entry.name.count))
        header.append16(0)
        header.append(contentsOf: entry.name)
        return header
    }

    private func emit(_ bytes: [UInt8]) throws {
        try handle.write(contentsOf: bytes)
        offset += UInt64(bytes.count)
    }
}

extension [UInt8] {
    fileprivate mutating func append16(_ value: UInt16) {
        append(UInt8(value & 0xFF))
        append(UInt8(value >> 8))
    }

    fileprivate mutating func append32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
