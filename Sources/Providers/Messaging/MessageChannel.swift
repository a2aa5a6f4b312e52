/// The channels a message can go out on (SPEC §7). The raw value is what the API and the
/// database store.
public enum MessageChannel: String, Sendable, Codable, CaseIterable {
    case sms
    case email
    case telegram
}
