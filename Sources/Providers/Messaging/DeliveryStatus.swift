/// A provider's answer to "what happened to this message".
public struct DeliveryStatus: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        /// Accepted and on its way (still queued at the provider or at the operator): ask again later.
        case sent
        case delivered
        case read
        /// Final: it will not arrive. `error` says why.
        case failed
    }

    public var state: State
    /// The provider's reason for `failed` (code and text), nil otherwise.
    public var error: String?

    public init(state: State, error: String? = nil) {
        self.state = state
        self.error = error
    }

    public var isFinal: Bool { state != .sent }
}
