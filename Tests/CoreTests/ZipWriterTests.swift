import CRMCore
import Foundation
import Testing
import TestSupport

/// The export's ZIP writer, read back by independent readers (Python's zipfile, Info-ZIP's unzip).
@Suite struct ZipWriterTests {
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString)-\(name)")
    }

    /// Each entry's name, size, CRC and content (hex), as Python's zipfile reads them after testzip().
    static func python(_ url: URL) throws -> String {
        let script = """
            import json, sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                assert z.testzip() is None, "bad CRC"
                print(json.dumps([[i.filename, i.file_size, i.CRC, i.compress_type, z.read(i).hex()] for i in z.infolist()]))
            """
        return try TestPython.run(["-c", script, url.path], package: "zipfile", variable: "VELORIA_TEST_PYTHONPATH")
    }

    @Test func crc32OfTheCheckString() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func entriesWrittenInPiecesReadBackExactlyWithPythonAndUnzip() throws {
        // given
        let url = Self.temporary("a.zip")
        defer { try? FileManager.default.removeItem(at: url) }
        let binary = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        // when
        let zip = try ZipWriter(url: url, modified: Date(timeIntervalSince1970: 1_780_304_400))
        try zip.beginEntry("clients.csv")
        try zip.write(Array("id,name\r\n".utf8))
        try zip.write(Array("1,\"Smith, \"\"Jo\"\"\"\r\n".utf8))
        try zip.closeEntry()
        try zip.beginEntry("empty.csv")
        try zip.closeEntry()
        try zip.beginEntry("заметки.bin")
        try zip.write(Array(binary[..<1000]))
        try zip.write(Array(binary[1000...]))
        try zip.closeEntry()
        let size = try zip.finish()
        // then
        #expect(size == UInt64(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int))
        let read = try JSONSerialization.jsonObject(with: Data(try Self.python(url).utf8)) as! [[Any]]
        #expect(read.map { $0[0] as! String } == ["clients.csv", "empty.csv", "заметки.bin"])
        #expect(read[0][4] as! String == Data("id,name\r\n1,\"Smith, \"\"Jo\"\"\"\r\n".utf8).map { String(format: "%02x", $0) }.joined())
        #expect(read[1][1] as! Int == 0)
        #expect(read[2][1] as! Int == binary.count)
        #expect(UInt32(read[2][2] as! Int) == CRC32.checksum(binary))
        #expect(read[2][4] as! String == binary.map { String(format: "%02x", $0) }.joined())
        #expect(read.allSatisfy { $0[3] as! Int == 0 }, "stored entries")
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        unzip.arguments = ["-tq", url.path]
        unzip.standardOutput = Pipe()
        try unzip.run()
        unzip.waitUntilExit()
        #expect(unzip.terminationStatus == 0, "unzip -t accepts the archive")
    }

    @Test func anArchivePastTheLimitIsRefusedNotWrittenWrong() throws {
        // given: a writer whose limit (4 GiB in production) is 1 KiB
        let url = Self.temporary("big.zip")
        defer { try? FileManager.default.removeItem(at: url) }
        let zip = try ZipWriter(url: url, modified: Date(), limit: 1024)
        try zip.beginEntry("a.csv")
        // when / then
        #expect(throws: ZipWriterError.tooLarge) { try zip.write([UInt8](repeating: 65, count: 2000)) }
    }

    @Test func misuseIsRefused() throws {
        let url = Self.temporary("misuse.zip")
        defer { try? FileManager.default.removeItem(at: url) }
        let zip = try ZipWriter(url: url, modified: Date())
        #expect(throws: ZipWriterError.noEntryOpen) { try zip.write([1]) }
        try zip.beginEntry("a")
        #expect(throws: ZipWriterError.entryOpen) { try zip.beginEntry("b") }
        #expect(throws: ZipWriterError.entryOpen) { try zip.finish() }
    }
}

@Suite struct CSVFormatTests {
    @Test func fieldsAreQuotedAsRFC4180Says() {
        #expect(CSVFormat.line(["a", "b c", ""]) == "a,b c,\r\n")
        #expect(CSVFormat.line(["Smith, Jo", "say \"hi\"", "two\nlines", "cr\rhere"]) == "\"Smith, Jo\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"\r\n")
    }

    @Test func cellsASpreadsheetWouldRunAreGuardedButNumbersAreNot() {
        #expect(CSVFormat.guarded("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")")
        #expect(CSVFormat.guarded("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0")
        #expect(CSVFormat.guarded("-2+3") == "'-2+3")
        #expect(CSVFormat.guarded("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVFormat.guarded("\tx") == "'\tx")
        #expect(CSVFormat.guarded("+79991234567") == "+79991234567")
        #expect(CSVFormat.guarded("-0.50") == "-0.50")
        #expect(CSVFormat.guarded("Anna = Maria") == "Anna = Maria")
        #expect(CSVFormat.guarded("-") == "'-")
    }

    @Test func timesAreUTCWithTheirOffset() {
        #expect(CSVFormat.time(Date(timeIntervalSince1970: 1_780_304_400)) == "2026-06-01T09:00:00+00:00")
    }
}
