import Foundation
import NIOCore
import PostgresKit
import SQLiteKit

// SQL drivers consult these conformances before Codable, so a typed id is stored and compared
// exactly like a bare UUID on both engines, while its Codable form stays the JSON string.

extension TypedID: PostgresNonThrowingEncodable, PostgresDecodable {
    public static var psqlType: PostgresDataType { UUID.psqlType }
    public static var psqlFormat: PostgresFormat { UUID.psqlFormat }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        uuid.encode(into: &byteBuffer, context: context)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        self.init(try UUID(from: &buffer, type: type, format: format, context: context))
    }
}

// A bare UUID reaches SQLite through Codable as its upper-case string; a typed id must match it.
extension TypedID: SQLiteDataConvertible {
    public init?(sqliteData: SQLiteData) {
        guard case .text(let text) = sqliteData, let uuid = UUID(uuidString: text) else { return nil }
        self.init(uuid)
    }

    public var sqliteData: SQLiteData? { .text(uuid.uuidString) }
}
