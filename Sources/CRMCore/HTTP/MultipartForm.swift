import Foundation

/// A `multipart/form-data` body (RFC 7578), for uploads: text fields and files by name. Only
/// what forms send is read — a part's `Content-Disposition` name and filename and its
/// `Content-Type`; nested multiparts and transfer encodings are not (browsers send neither).
public struct MultipartForm: Sendable {
    public struct Part: Sendable {
        public let name: String
        public let fileName: String?
        public let contentType: String?
        public let data: Data
    }

    public let parts: [Part]

    /// The boundary of a `multipart/form-data; boundary=…` content type, nil for anything else.
    public static func boundary(of contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = String(piece.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.count > 70 ? nil : value
        }
        return nil
    }

    /// Parses `body`; nil when it is not a well-formed form with that boundary.
    public init?(_ body: Data, boundary: String) {
        let delimiter = Data("--\(boundary)".utf8)
        let separator = Data("\r\n\r\n".utf8)
        var parts: [Part] = []
        guard var cursor = body.range(of: delimiter)?.upperBound else { return nil }
        while true {
            // After a delimiter: "--" ends the form, CRLF starts a part.
            let rest = body[cursor...]
            if rest.starts(with: Data("--".utf8)) { break }
            guard rest.starts(with: Data("\r\n".utf8)) else { return nil }
            let headerStart = cursor + 2
            guard let headerEnd = body.range(of: separator, in: headerStart..<body.endIndex),
                let next = body.range(of: Data("\r\n".utf8) + delimiter, in: headerEnd.upperBound..<body.endIndex)
            else { return nil }
            let headerText = String(decoding: body[headerStart..<headerEnd.lowerBound], as: UTF8.self)
            guard let part = Self.part(headers: headerText, data: Data(body[headerEnd.upperBound..<next.lowerBound])) else { return nil }
            parts.append(part)
            cursor = next.upperBound
        }
        self.parts = parts
    }

    private static func part(headers: String, data: Data) -> Part? {
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in headers.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if field == "content-type" { contentType = value }
            guard field == "content-disposition" else { continue }
            for parameter in value.split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                var text = pair[1]
                if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
                switch pair[0].lowercased() {
                case "name": name = text
                case "filename": fileName = text
                default: break
                }
            }
        }
        guard let name else { return nil }
        return Part(name: name, fileName: fileName, contentType: contentType, data: data)
    }

    public func field(_ name: String) -> String? {
        parts.first { $0.name == name && $0.fileName == nil }.map { String(decoding: $0.data, as: UTF8.self) }
    }

    public func file(_ name: String) -> Part? {
        parts.first { $0.name == name && $0.fileName != nil }
    }
}
