/// Masks personal data for roles and lists that must not show it in full (SPEC §1):
/// `+7 912 ***-**-67`, `an***@mail.ru`.
public enum PIIMask {
    /// An E.164 phone (`+79121234567`) as country code, the next three digits, and the last two.
    /// Anything that is not E.164 is masked whole except its last two characters.
    public static func phone(_ e164: String) -> String {
        let digits = Array(e164.dropFirst())
        guard e164.hasPrefix("+"), digits.count >= 8, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            return String(repeating: "*", count: max(0, e164.count - 2)) + e164.suffix(2)
        }
        let codeLength = countryCodeLength(digits)
        let code = String(digits[..<codeLength])
        let rest = digits[codeLength...]
        let visible = String(rest.prefix(3))
        let last = String(rest.suffix(2))
        return "+\(code) \(visible) ***-**-\(last)"
    }

    /// The first two characters of the local part (one when it is that short), then `***@domain`.
    public static func email(_ email: String) -> String {
        guard let at = email.lastIndex(of: "@"), at != email.startIndex else { return "***" }
        let local = email[..<at]
        let shown = local.count <= 2 ? local.prefix(1) : local.prefix(2)
        return "\(shown)***\(email[at...])"
    }

    /// ITU-T E.164 country codes: 1 and 7 are one digit; the listed prefixes two; the rest three.
    static func countryCodeLength(_ digits: [Character]) -> Int {
        guard let first = digits.first else { return 0 }
        if first == "1" || first == "7" { return 1 }
        let twoDigit: Set<String> = [
            "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49", "51", "52", "53",
            "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94",
            "95", "98",
        ]
        return twoDigit.contains(String(digits.prefix(2))) ? 2 : 3
    }
}
