/// Phone numbers in E.164 (`+79121234567`), read from what people type: international
/// (`+44 7700 900123`, `0044…`), or national with the studio's country as the default
/// (`8 912 123-45-67` in Russia, `07700 900123` in the UK).
///
/// Not a full numbering-plan database: the countries our studios are in have exact length
/// rules; any other calling code is accepted with the E.164 bounds (8–15 digits).
public enum PhoneNumber {
    public enum Problem: String, Error, Sendable {
        /// Not digits with the usual separators, or a length no number of that country has.
        case invalid
    }

    /// A country's calling code, its national trunk prefix and the lengths of its national
    /// numbers (without the trunk prefix).
    struct Plan: Sendable {
        let callingCode: String
        let trunkPrefix: String?
        let nationalLengths: ClosedRange<Int>
        /// First digits a national number may start with (nil: any but 0).
        let leadingDigits: Set<Character>?
    }

    /// ISO 3166 alpha-2 → numbering plan, for the countries with exact rules.
    static let plans: [String: Plan] = [
        "RU": Plan(callingCode: "7", trunkPrefix: "8", nationalLengths: 10...10, leadingDigits: ["3", "4", "8", "9"]),
        "KZ": Plan(callingCode: "7", trunkPrefix: "8", nationalLengths: 10...10, leadingDigits: ["6", "7"]),
        "BY": Plan(callingCode: "375", trunkPrefix: "80", nationalLengths: 9...9, leadingDigits: nil),
        "UA": Plan(callingCode: "380", trunkPrefix: "0", nationalLengths: 9...9, leadingDigits: nil),
        "GB": Plan(callingCode: "44", trunkPrefix: "0", nationalLengths: 9...10, leadingDigits: ["1", "2", "3", "5", "7", "8", "9"]),
        "US": Plan(callingCode: "1", trunkPrefix: "1", nationalLengths: 10...10, leadingDigits: ["2", "3", "4", "5", "6", "7", "8", "9"]),
        "DE": Plan(callingCode: "49", trunkPrefix: "0", nationalLengths: 6...13, leadingDigits: nil),
        "FR": Plan(callingCode: "33", trunkPrefix: "0", nationalLengths: 9...9, leadingDigits: nil),
    ]

    /// Whether `country` is a country code this normaliser knows by name (others still parse
    /// international numbers).
    public static func knows(country: String) -> Bool { plans[country.uppercased()] != nil }

    /// E.164 for `text`, reading a number without `+`/`00` as national in `defaultCountry`.
    public static func normalize(_ text: String, defaultCountry: String) throws(Problem) -> String {
        var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || " +-().".contains($0)) }) else { throw .invalid }
        // "+44 (0)20 …": the bracketed trunk zero is dropped in international form.
        let international: Bool
        if body.hasPrefix("+") {
            international = true
            body = body.dropFirst()
            if let range = body.range(of: "(0)") { body.removeSubrange(range) }
        } else {
            international = false
        }
        guard !body.contains("+") else { throw .invalid }
        var digits = String(body.filter(\.isNumber))
        if !international, digits.hasPrefix("00") {
            digits.removeFirst(2)
            return try checkInternational(digits)
        }
        if international { return try checkInternational(digits) }
        guard let plan = plans[defaultCountry.uppercased()] else {
            // An unknown home country: only numbers written internationally can be read.
            throw .invalid
        }
        return try national(digits, plan: plan)
    }

    /// Digit runs to look for inside stored E.164 numbers when someone searches for `text`:
    /// the typed digits, and for a national prefix ("8 912…" in Russia, "07700…" in the UK)
    /// the same digits in international form. Empty when `text` does not look like a phone.
    public static func searchDigits(_ text: String, country: String) -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.filter(\.isNumber)
        guard digits.count >= 3, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || " +-().".contains($0)) }) else { return [] }
        var variants = [digits]
        if !trimmed.hasPrefix("+"), let plan = plans[country.uppercased()], let trunk = plan.trunkPrefix, digits.hasPrefix(trunk),
            digits.count > trunk.count + 2
        {
            variants.append(plan.callingCode + digits.dropFirst(trunk.count))
        }
        return variants
    }

    private static func national(_ digits: String, plan: Plan) throws(Problem) -> String {
        var national = digits
        if let trunk = plan.trunkPrefix, national.hasPrefix(trunk), plan.nationalLengths.contains(national.count - trunk.count) {
            national.removeFirst(trunk.count)
        } else if national.hasPrefix(plan.callingCode), plan.nationalLengths.contains(national.count - plan.callingCode.count) {
            // Written with the calling code but without "+" ("7 912 …", "44 7700 …").
            national.removeFirst(plan.callingCode.count)
        }
        try check(national, plan: plan)
        return "+" + plan.callingCode + national
    }

    private static func checkInternational(_ digits: String) throws(Problem) -> String {
        guard (8...15).contains(digits.count), digits.first != "0" else { throw .invalid }
        // Countries with exact rules are checked by them; +7 is shared by Russia and Kazakhstan.
        let candidates = plans.values.filter { digits.hasPrefix($0.callingCode) }
        if let longest = candidates.map(\.callingCode.count).max() {
            let matching = candidates.filter { $0.callingCode.count == longest }
            let national = String(digits.dropFirst(longest))
            guard matching.contains(where: { (try? check(national, plan: $0)) != nil }) else { throw .invalid }
        }
        return "+" + digits
    }

    private static func check(_ national: String, plan: Plan) throws(Problem) {
        guard plan.nationalLengths.contains(national.count), let first = national.first, first != "0" else { throw .invalid }
        if let leading = plan.leadingDigits, !leading.contains(first) { throw .invalid }
    }
}
