/// A PATCH field that may be cleared: absent leaves the value as it is, `null` clears it.
/// (A plain Optional cannot tell the two apart.)
enum ClearableField<Value: Decodable & Sendable>: Sendable {
    case unchanged
    case cleared
    case set(Value)

    /// The new value given the current one.
    func applied(to current: Value?) -> Value? {
        switch self {
        case .unchanged: current
        case .cleared: nil
        case .set(let value): value
        }
    }
}

extension KeyedDecodingContainer {
    func decodeClearable<Value: Decodable & Sendable>(_ type: Value.Type, forKey key: Key) throws -> ClearableField<Value> {
        guard contains(key) else { return .unchanged }
        if try decodeNil(forKey: key) { return .cleared }
        return .set(try decode(Value.self, forKey: key))
    }
}
