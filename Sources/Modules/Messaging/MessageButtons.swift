import Foundation
import Providers

/// A message's inline buttons as stored (`messages.buttons`): rows of `{"text", "url"}` or
/// `{"text", "callbackData"}`.
enum MessageButtons {
    struct Stored: Codable {
        var text: String
        var url: String?
        var callbackData: String?
    }

    static func encode(_ rows: [[InlineKeyboardButton]]) -> String {
        let stored = rows.map { row in
            row.map { button -> Stored in
                switch button.action {
                case .url(let url): Stored(text: button.text, url: url)
                case .callbackData(let data): Stored(text: button.text, callbackData: data)
                }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(stored)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [[InlineKeyboardButton]]? {
        guard let stored = try? JSONDecoder().decode([[Stored]].self, from: Data(text.utf8)) else { return nil }
        return stored.map { row in
            row.compactMap { button in
                if let url = button.url { return InlineKeyboardButton(text: button.text, action: .url(url)) }
                return button.callbackData.map { InlineKeyboardButton(text: button.text, action: .callbackData($0)) }
            }
        }
    }
}
