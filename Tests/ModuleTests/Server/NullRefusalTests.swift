import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// The document and the server agree on `null`: every top-level property of a JSON request body
/// that the OpenAPI document does not mark nullable is refused when sent as `null` — `400` with
/// the field named — and the document marks nullable every field the server takes `null` for.
@Suite struct NullRefusalTests {
    /// Provider webhooks take the provider's payload as the provider sends it; they are not ours to refuse.
    static func isProviderPayload(_ path: String) -> Bool { path.contains("/webhook") }

    /// Path parameters no cross-tenant probe fills (they are not ids).
    static let fixedParameters = ["provider": "yookassa", "section": "business_hours", "key": "appointment.reminder", "channel": "sms", "locale": "ru"]

    struct Case: Sendable {
        let method: String
        let path: String
        let property: String
        let nullable: Bool
    }

    @Test func everyBodyPropertyTheDocumentDoesNotMarkNullableIsRefusedAsNull() async throws {
        try await withTestApp { client, app in
            // given: a studio on imperium with its owner, and the document as served
            let world = try await StudioWorld.studio(client, app)
            let data = try await client.execute(uri: "/api/v1/openapi.json", method: .get) { Data(buffer: $0.body) }
            let cases = try Self.cases(in: data)
            #expect(cases.filter { !$0.nullable }.count > 100, "the walk found too few properties: \(cases.count)")
            var parameters: [String: [String: String]] = [:]
            var failures: [String] = []
            for item in cases where !item.nullable {
                // when: the property alone, as null, with real ids in the path
                let path = try await Self.fill(item.path, world: world, app: app, cache: &parameters)
                let response = try await Self.send(item, path: path, token: world.token, client: client)
                // then
                let fields = response.errorBody?.fields ?? [:]
                if response.status != .badRequest || fields[item.property] == nil {
                    failures.append("\(item.method) \(item.path) \(item.property): \(response.status.code) \(response.text.prefix(160))")
                }
            }
            #expect(failures.isEmpty, "null accepted where the document requires a value:\n\(failures.joined(separator: "\n"))")
        }
    }

    @Test func thePropertiesTheDocumentMarksNullableAreTakenAsNull() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let data = try await client.execute(uri: "/api/v1/openapi.json", method: .get) { Data(buffer: $0.body) }
            var parameters: [String: [String: String]] = [:]
            var failures: [String] = []
            for item in try Self.cases(in: data) where item.nullable {
                // when
                let path = try await Self.fill(item.path, world: world, app: app, cache: &parameters)
                let response = try await Self.send(item, path: path, token: world.token, client: client)
                // then: whatever else the body lacks, the null itself is not the problem
                if let fields = response.errorBody?.fields, let code = fields[item.property] {
                    failures.append("\(item.method) \(item.path) \(item.property): \(code)")
                }
            }
            #expect(failures.isEmpty, "documented nullable but refused:\n\(failures.joined(separator: "\n"))")
        }
    }

    /// `{"<property>": null}` as the owner, with an `Idempotency-Key` so money routes read the body.
    static func send(_ item: Case, path: String, token: String, client: some TestClientProtocol) async throws -> TestResponse {
        let headers: HTTPFields = [
            .authorization: "Bearer \(token)", .contentType: "application/json",
            HTTPField.Name("Idempotency-Key")!: UUID().uuidString,
        ]
        return try await client.execute(
            uri: path, method: HTTPRequest.Method(item.method.uppercased())!, headers: headers,
            body: ByteBuffer(string: #"{"\#(item.property)": null}"#))
    }

    // MARK: The walk

    static func cases(in data: Data) throws -> [Case] {
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var cases: [Case] = []
        for (path, operations) in paths where !isProviderPayload(path) {
            for (method, value) in operations {
                guard let operation = value as? [String: Any], let body = operation["requestBody"] as? [String: Any],
                    let content = body["content"] as? [String: Any], let json = content["application/json"] as? [String: Any],
                    let schema = resolve(json["schema"], schemas)
                else { continue }
                for (property, propertySchema) in schema["properties"] as? [String: Any] ?? [:] {
                    cases.append(Case(method: method, path: path, property: property, nullable: isNullable(propertySchema, schemas)))
                }
            }
        }
        return cases.sorted { ($0.path, $0.method, $0.property) < ($1.path, $1.method, $1.property) }
    }

    static func resolve(_ schema: Any?, _ schemas: [String: Any]) -> [String: Any]? {
        var current = schema as? [String: Any]
        while let reference = current?["$ref"] as? String {
            current = schemas[String(reference.split(separator: "/").last ?? "")] as? [String: Any]
        }
        return current
    }

    static func isNullable(_ schema: Any?, _ schemas: [String: Any]) -> Bool {
        guard let schema = resolve(schema, schemas) else { return false }
        if let type = schema["type"] as? String, type == "null" { return true }
        if let types = schema["type"] as? [String], types.contains("null") { return true }
        if (schema["enum"] as? [Any] ?? []).contains(where: { $0 is NSNull }) { return true }
        for key in ["oneOf", "anyOf"] {
            if (schema[key] as? [Any] ?? []).contains(where: { isNullable($0, schemas) }) { return true }
        }
        return false
    }

    /// Fills `{name}` placeholders from the cross-tenant probe that covers the path (its fixture
    /// made once per probe), else from `fixedParameters`, else with a fresh UUID.
    static func fill(_ template: String, world: StudioWorld, app: TestApp, cache: inout [String: [String: String]]) async throws -> String {
        guard template.contains("{") else { return template }
        var values: [String: String] = [:]
        if let probe = CrossTenantProbes.all.first(where: { $0.routes.contains { $0.path == template || $0.path.hasPrefix(template + "/") } }) {
            if cache[probe.name] == nil { cache[probe.name] = try await probe.fixture(world, app) }
            values = cache[probe.name] ?? [:]
        }
        var path = template
        while let open = path.firstIndex(of: "{"), let close = path[open...].firstIndex(of: "}") {
            let name = String(path[path.index(after: open)..<close])
            // A public route's studio is the world's own (its slug is not an id a probe makes).
            let studio = name == "tenantSlug" ? world.slug : nil
            path.replaceSubrange(open...close, with: values[name] ?? studio ?? fixedParameters[name] ?? UUID().uuidString.lowercased())
        }
        return path
    }
}
