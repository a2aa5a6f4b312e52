import Foundation

/// Finds the folder that holds the server's resources — `lang/`, `docs/openapi.json` and
/// `public/` — so `veloria` runs from any working directory.
///
/// A configured root (`--root`, `VELORIA_ROOT`) is used as given and must hold all three. Without
/// one, the working directory is tried, then the executable's folder and each folder above it: a
/// binary built at `<checkout>/.build/debug/veloria` or installed at `/opt/veloria/bin/veloria`
/// finds `<checkout>` or `/opt/veloria`. The embedded database and secret key (`var/`) live under
/// the root as well, so one installation keeps one database whatever folder it is started from.
public enum ResourceRoot {
    /// What a root must hold, relative to it.
    public static let required = ["lang", "docs/openapi.json", "public"]

    public struct NotFound: Error, CustomStringConvertible, Equatable {
        /// Each place looked at, with what it lacked.
        public let looked: [(path: String, missing: [String])]

        public static func == (lhs: NotFound, rhs: NotFound) -> Bool { lhs.description == rhs.description }

        public var description: String {
            let places = looked.map { "  \($0.path) (no \($0.missing.joined(separator: ", ")))" }.joined(separator: "\n")
            return """
                The server's resources (\(ResourceRoot.required.joined(separator: ", "))) were not found. Looked in:
                \(places)
                Start veloria from the folder that holds them, or name it with --root or VELORIA_ROOT.
                """
        }
    }

    public static func resolve(configured: String?, currentDirectory: URL, executable: URL?) throws(NotFound) -> URL {
        if let configured, !configured.isEmpty {
            let root = URL(fileURLWithPath: configured, relativeTo: currentDirectory).standardizedFileURL
            let missing = missing(in: root)
            guard missing.isEmpty else { throw NotFound(looked: [(root.path, missing)]) }
            return root
        }
        var looked: [(path: String, missing: [String])] = []
        for candidate in candidates(currentDirectory: currentDirectory, executable: executable) {
            let missing = missing(in: candidate)
            if missing.isEmpty { return candidate }
            looked.append((candidate.path, missing))
        }
        throw NotFound(looked: looked)
    }

    static func missing(in root: URL) -> [String] {
        required.filter { !FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }
    }

    static func candidates(currentDirectory: URL, executable: URL?) -> [URL] {
        var result = [currentDirectory.standardizedFileURL]
        var folder = executable?.resolvingSymlinksInPath().deletingLastPathComponent().standardizedFileURL
        while let current = folder, current.path != "/" {
            if !result.contains(current) { result.append(current) }
            folder = current.deletingLastPathComponent()
        }
        return result
    }
}
