import Foundation
import Testing

@testable import CRMCore

@Suite("Pagination")
struct PaginationTests {
    private struct Position: Codable, Equatable {
        var name: String
        var createdAt: Date
        var id: UUID
    }

    private static func fields(_ body: () throws(AppError) -> Void) -> [String: String]? {
        do {
            try body()
            return nil
        } catch {
            #expect(error.status == .badRequest)
            #expect(error.code == "validation_error")
            return error.fields
        }
    }

    @Test(arguments: [(String?.none, 50), ("1", 1), ("200", 200), ("50", 50), ("007", 7)])
    func acceptsLimits(limit: String?, expected: Int) throws {
        #expect(try PageRequest.parse(limit: limit, cursor: nil).limit == expected)
    }

    @Test(arguments: [
        ("0", "out_of_range"), ("201", "out_of_range"), ("-1", "out_of_range"), ("99999999999999999999999", "out_of_range"),
        ("abc", "invalid"), ("", "invalid"), ("1.5", "invalid"), ("+5", "invalid"), (" 5", "invalid"), ("-", "invalid"),
    ])
    func rejectsLimits(limit: String, problem: String) {
        #expect(Self.fields { () throws(AppError) in _ = try PageRequest.parse(limit: limit, cursor: nil) } == ["limit": problem])
    }

    @Test func cursorHandling() throws {
        #expect(try PageRequest.parse(limit: nil, cursor: "").cursor == nil)
        #expect(try PageRequest.parse(limit: nil, cursor: nil) == PageRequest(limit: 50, cursor: nil))
        #expect(try PageRequest.parse(limit: "10", cursor: "eyJhIjoxfQ").cursor == "eyJhIjoxfQ")
        let problems = Self.fields { () throws(AppError) in _ = try PageRequest.parse(limit: "0", cursor: "not a cursor!") }
        #expect(problems == ["limit": "out_of_range", "cursor": "invalid"])
    }

    @Test func cursorRoundTrip() throws {
        // given
        let position = Position(
            name: "Анна / O'Brien?", createdAt: Date(timeIntervalSince1970: 1_774_747_800.125),
            id: UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!)
        // when
        let cursor = Cursor.encode(position)
        let decoded = try Cursor.decode(cursor, as: Position.self)
        // then
        #expect(decoded == position)
        #expect(cursor.utf8.allSatisfy(Cursor.isAlphabet))  // URL-safe, no padding
        #expect(try PageRequest.parse(limit: nil, cursor: cursor).cursor == cursor)
    }

    @Test func cursorIsBase64URLOfSortedCompactJSON() throws {
        // given
        struct Key: Encodable {
            var b = 2
            var a = "x/y"
        }
        // when
        let cursor = Cursor.encode(Key())
        // then
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let json = try #require(Data(base64Encoded: base64))
        #expect(String(decoding: json, as: UTF8.self) == #"{"a":"x/y","b":2}"#)
        #expect(!cursor.contains("="))
    }

    @Test func tamperedOrGarbageCursorsAreRejected() {
        // given
        let valid = Cursor.encode(Position(name: "a", createdAt: Date(timeIntervalSince1970: 0), id: UUID()))
        let wrongShape = Cursor.encode(["name": "a"])
        let notJSON = Data("hello".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        var flipped = Array(valid)
        flipped[3] = flipped[3] == "A" ? "B" : "A"
        // then
        for text in ["", "!!!", "abc=", "a", String(valid.dropLast()), String(flipped), wrongShape, notJSON, valid + "=", "%7B%7D"] {
            #expect(throws: AppError.validation(field: "cursor", "invalid"), "\(text)") {
                try Cursor.decode(text, as: Position.self)
            }
        }
    }

    @Test func pageEncodesNextCursorAlways() throws {
        // given
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // when
        let last = try encoder.encode(Page(items: [1, 2], nextCursor: nil))
        let more = try encoder.encode(Page(items: ["a"], nextCursor: "abc"))
        // then
        #expect(String(decoding: last, as: UTF8.self) == #"{"items":[1,2],"nextCursor":null}"#)
        #expect(String(decoding: more, as: UTF8.self) == #"{"items":["a"],"nextCursor":"abc"}"#)
        #expect(try JSONDecoder().decode(Page<String>.self, from: more) == Page(items: ["a"], nextCursor: "abc"))
    }
}
