import Foundation

extension JSONEncoder {
    /// An encoder with sorted keys: stored JSON (settings, integration secrets) compares byte for byte.
    public static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
