import CRMCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Modules
import Tenancy
import Testing
import TestSupport

@testable import CRMServer

@Suite struct StaticAndOpenAPITests {
    @Test func indexPageIsServedAtTheRoot() async throws {
        try await withTestApp { client, _ in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.headers[.cacheControl] == "no-cache")
                let html = String(buffer: response.body)
                #expect(html.contains("VeloriaCRM"))
                #expect(html.contains("/docs"))
            }
            try await client.execute(uri: "/docs/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("/api/v1/openapi.json"))
            }
        }
    }

    @Test func missingFilesAre404InTheErrorShape() async throws {
        try await withTestApp { client, _ in
            try await client.execute(uri: "/no-such-file.css", method: .get) { response in
                #expect(response.status == .notFound)
                let error = try apiDecoder.decode(ErrorBody.self, from: response.body).error
                #expect(error.code == "not_found")
            }
            try await client.execute(uri: "/../Package.swift", method: .get) { response in
                #expect(response.status != .ok)
            }
        }
    }

    struct Document: Decodable {
        let openapi: String
        let paths: [String: [String: OperationStub]]
    }
    struct OperationStub: Decodable { let operationId: String? }

    @Test func theDocumentIsServedAndListsExactlyTheRegisteredRoutes() async throws {
        try await withTestApp { client, app in
            // given: every API route the application registers (pages such as /book/{slug} are not API)
            let router = try app.routes().router
            let registered = Set(
                router.routes.filter { Self.isAPI($0.path.description) }.map {
                    "\($0.method.rawValue.lowercased()) \(Self.openAPIPath($0.path.description))"
                })
            // when
            let document = try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                return try JSONDecoder().decode(Document.self, from: response.body)
            }
            // then
            #expect(document.openapi.hasPrefix("3.1"))
            let documented = Set(document.paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
            #expect(
                registered.subtracting(documented).isEmpty, "routes missing from docs/openapi.json: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered).sorted())")
            #expect(document.paths.values.flatMap(\.values).allSatisfy { $0.operationId != nil })
        }
    }

    @Test func everyTenantRouteDeclaresAPolicyAndTheDocumentStatesTheSameOne() async throws {
        try await withTestApp { client, app in
            // given: the routes as built, with the policy book filled in
            let (router, book) = try app.routes()
            let data = try await client.execute(uri: "/api/v1/openapi.json", method: .get) { Data(buffer: $0.body) }
            let paths = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["paths"] as? [String: [String: Any]])
            // then: each policy is the document's x-permission / x-feature (null when none)
            #expect(!book.all.isEmpty)
            for entry in book.all {
                let operation = try #require(paths[entry.path]?[entry.method.rawValue.lowercased()] as? [String: Any], "\(entry.path)")
                let security = operation["security"] as? [Any] ?? []
                #expect(!security.isEmpty, "\(entry.method) \(entry.path) needs a signed-in caller but documents no security")
                #expect(operation.keys.contains("x-permission") && operation.keys.contains("x-feature"), "\(entry.method) \(entry.path)")
                #expect((operation["x-permission"] as? String) == entry.policy.permission?.rawValue, "\(entry.method) \(entry.path) permission")
                #expect((operation["x-feature"] as? String) == entry.policy.feature?.rawValue, "\(entry.method) \(entry.path) feature")
            }
            // and every other API route is public in the document
            let tenantRoutes = Set(book.all.map { "\($0.method) \($0.path)" })
            for route in router.routes where Self.isAPI(route.path.description) && !tenantRoutes.contains("\(route.method) \(Self.openAPIPath(route.path.description))") {
                let operation = paths[Self.openAPIPath(route.path.description)]?[route.method.rawValue.lowercased()] as? [String: Any]
                let security = operation?["security"] as? [[String: Any]] ?? []
                #expect(security.allSatisfy { $0["sessionCookie"] == nil && $0["bearerToken"] == nil }, "\(route.method) \(route.path) is public")
            }
        }
    }

    @Test func aFragmentThatDocumentsAnOperationTwiceStopsTheBoot() throws {
        // given: a base document and a fragment that repeats one of its operations
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID())")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("parts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = folder.appendingPathComponent("base.json")
        try Data(#"{"openapi":"3.1.0","paths":{"/a":{"get":{"operationId":"a"}}},"components":{"schemas":{}}}"#.utf8).write(to: base)
        let parts = folder.appendingPathComponent("parts")
        try Data(#"{"paths":{"/a":{"post":{"operationId":"b"}}},"components":{"schemas":{"B":{}}}}"#.utf8)
            .write(to: parts.appendingPathComponent("1.json"))
        // when merged, the new method and schema join the base
        let merged = try OpenAPIDocument.merged(base: base, fragments: parts)
        let a = (merged["paths"] as? [String: [String: Any]])?["/a"]
        #expect(Set(a?.keys.map { $0 } ?? []) == ["get", "post"])
        #expect((merged["components"] as? [String: [String: Any]])?["schemas"]?["B"] != nil)
        // then a second fragment documenting GET /a again is refused
        try Data(#"{"paths":{"/a":{"get":{"operationId":"c"}}}}"#.utf8).write(to: parts.appendingPathComponent("2.json"))
        #expect(throws: OpenAPIDocument.MergeError.self) { try OpenAPIDocument.merged(base: base, fragments: parts) }
    }

    @Test func theStorefrontPagesAnswerTheBookingPageForEveryStudioPath() async throws {
        try await withTestApp { client, _ in
            for uri in ["/book/some-studio", "/book/some-studio/manage/abc.def"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true, "\(uri)")
                    #expect(response.headers[.cacheControl] == "no-cache", "\(uri)")
                    #expect(String(buffer: response.body).contains("data-storefront"), "\(uri)")
                }
            }
            // a path the pages do not claim stays a 404 in the error shape
            try await client.execute(uri: "/book/some-studio/elsewhere", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    /// Routes under `/api/` are the API (documented in OpenAPI); the rest are pages.
    static func isAPI(_ routerPath: String) -> Bool { openAPIPath(routerPath).hasPrefix("/api/") }

    /// Hummingbird writes captures as `{id}` already; make sure the path starts with a slash.
    static func openAPIPath(_ routerPath: String) -> String {
        routerPath.hasPrefix("/") ? routerPath : "/" + routerPath
    }
}
