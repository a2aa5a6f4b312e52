/// A `LIKE … ESCAPE '!'` pattern that finds `text` anywhere, with `%`, `_` and `!` in the text
/// matching literally (a search for "50%" must not match everything).
public enum LikePattern {
    public static func containing(_ text: String) -> String {
        var escaped = "%"
        for character in text {
            if "%_!".contains(character) { escaped.append("!") }
            escaped.append(character)
        }
        return escaped + "%"
    }
}
