import CRMCore
import Foundation
import Hummingbird

/// The OpenAPI 3.1 document: `docs/openapi.json` (info, security schemes, shared components and
/// the kernel's paths) merged with one fragment per module from `docs/openapi/*.json`, so modules
/// document their routes in their own file. Built once at boot and served as is.
struct OpenAPIDocument: Sendable {
    let data: Data

    init(file: URL, fragments directory: URL) throws {
        data = try JSONSerialization.data(withJSONObject: try Self.merged(base: file, fragments: directory), options: [.sortedKeys])
    }

    struct MergeError: Error, CustomStringConvertible {
        let description: String
    }

    /// The base document with each fragment's `tags`, `paths` and `components` added. A path,
    /// method or component defined twice is a boot error, never a silent override.
    static func merged(base file: URL, fragments directory: URL) throws -> [String: Any] {
        guard var document = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] else {
            throw MergeError(description: "\(file.path) is not a JSON object")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.filter({ $0.hasSuffix(".json") }).sorted() {
            let url = directory.appendingPathComponent(name)
            guard let fragment = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
                throw MergeError(description: "\(url.path) is not a JSON object")
            }
            try merge(fragment, into: &document, from: name)
        }
        return document
    }

    private static func merge(_ fragment: [String: Any], into document: inout [String: Any], from name: String) throws {
        let tags = fragment["tags"] as? [Any] ?? []
        document["tags"] = (document["tags"] as? [Any] ?? []) + tags
        var paths = document["paths"] as? [String: Any] ?? [:]
        for (path, operations) in fragment["paths"] as? [String: [String: Any]] ?? [:] {
            var existing = paths[path] as? [String: Any] ?? [:]
            for (method, operation) in operations {
                guard existing[method] == nil else { throw MergeError(description: "\(name): \(method) \(path) is documented twice") }
                existing[method] = operation
            }
            paths[path] = existing
        }
        document["paths"] = paths
        var components = document["components"] as? [String: Any] ?? [:]
        for (kind, entries) in fragment["components"] as? [String: [String: Any]] ?? [:] {
            var existing = components[kind] as? [String: Any] ?? [:]
            for (key, value) in entries {
                guard existing[key] == nil else { throw MergeError(description: "\(name): components.\(kind).\(key) is defined twice") }
                existing[key] = value
            }
            components[kind] = existing
        }
        document["components"] = components
    }

    func addRoutes<Context: AppContext>(to group: RouterGroup<Context>) {
        let data = self.data
        group.get("openapi.json") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
