import Foundation

/// The CSV of a data export: RFC 4180 (fields with a comma, quote, CR or LF are quoted, quotes
/// doubled, lines end with CRLF), UTF-8 without a byte-order mark. A text cell that a spreadsheet
/// would run as a formula — one starting with `=`, `+`, `-`, `@`, a tab or a carriage return — is
/// written with a leading `'` (OWASP's CSV injection advice), unless the whole cell is a plain
/// number (`-0.50`, `+79991234567`), which no spreadsheet executes. Only text cells are guarded:
/// amounts, counts and times are written by the exporter and are never formulas.
public enum CSVFormat {
    /// One record, CRLF-terminated.
    public static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\r\n"
    }

    public static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `text` as a spreadsheet may safely open it (see the type's note).
    public static func guarded(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first), !isPlainNumber(text) else {
            return text
        }
        return "'" + text
    }

    static func isPlainNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars.dropFirst(0)
        if let sign = scalars.first, sign == "+" || sign == "-" { scalars = scalars.dropFirst() }
        guard !scalars.isEmpty else { return false }
        var dots = 0
        for scalar in scalars {
            if scalar == "." {
                dots += 1
            } else if !("0"..."9").contains(scalar) {
                return false
            }
        }
        return dots <= 1 && scalars.first != "." && scalars.last != "."
    }

    /// A time as ISO 8601 in UTC with its offset written out: `2026-06-01T09:00:00+00:00`.
    public static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return String(format: "%04d", p.year ?? 0) + "-\(two(p.month))-\(two(p.day))T\(two(p.hour)):\(two(p.minute)):\(two(p.second))+00:00"
    }
}
