import Foundation

/// A UUID that knows what it identifies, so a client id can never be passed where an
/// appointment id is expected. `Entity` is a phantom tag (an empty enum per entity).
///
/// JSON: the lower-case UUID string. SQL: binds and reads as a plain UUID, exactly like `UUID`
/// (TEXT on SQLite, UUID on PostgreSQL; see `TypedID+SQL.swift`).
public struct TypedID<Entity>: Hashable, Codable, Sendable, CustomStringConvertible {
    public let uuid: UUID

    public init(_ uuid: UUID) { self.uuid = uuid }

    /// A new random id (UUID v4).
    public static func random() -> TypedID { TypedID(UUID()) }

    /// Parses a path or query value; nil when it is not a UUID.
    public init?(string: String) {
        guard let uuid = UUID(uuidString: string) else { return nil }
        self.uuid = uuid
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let uuid = try? container.decode(UUID.self) {
            self.uuid = uuid
        } else {
            let text = try container.decode(String.self)
            guard let uuid = UUID(uuidString: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid_id")
            }
            self.uuid = uuid
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String { uuid.uuidString.lowercased() }
}

public enum TenantEntity {}
public enum UserEntity {}

public typealias TenantID = TypedID<TenantEntity>
public typealias UserID = TypedID<UserEntity>
