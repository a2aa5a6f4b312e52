import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TestSupport

/// Issue 22, item 4: the headers every answer carries, and pages with no inline script for the
/// CSP to forbid.
@Suite struct SecurityHeadersTests {
    static func header(_ response: TestResponse, _ name: String) -> String? { response.headers[HTTPField.Name(name)!] }

    @Test func pagesAndTheAPIRefuseFramingInlineScriptsAndSniffingAndTheMiniAppMayBeFramedByTelegram() async throws {
        try await withTestApp { client, app in
            let world = try await StudioWorld.studio(client, app)
            for path in ["/app/", "/api/v1/health", "/book/\(world.tenant.slug)", "/no-such-page"] {
                let response = try await client.execute(uri: path, method: .get)
                let policy = try #require(Self.header(response, "Content-Security-Policy"), "\(path) has no CSP")
                let scripts = policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("script-src") }
                #expect(scripts?.hasPrefix("script-src 'self'") == true, "\(path): \(policy)")
                #expect(scripts?.contains("unsafe-inline") == false && scripts?.contains("unsafe-eval") == false, "\(path): \(policy)")
                #expect(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"), "\(path): \(policy)")
                #expect(Self.header(response, "X-Frame-Options") == "DENY", "\(path)")
                #expect(Self.header(response, "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(Self.header(response, "Strict-Transport-Security") == nil, "\(path): HSTS over plain HTTP")
            }
            let miniApp = try await client.execute(uri: "/tg/\(world.tenant.slug)", method: .get)
            #expect(miniApp.status == .ok)
            #expect(Self.header(miniApp, "Content-Security-Policy")?.contains("frame-ancestors https://web.telegram.org") == true)
            #expect(Self.header(miniApp, "X-Frame-Options") == nil)
        }
    }

    @Test func behindHTTPSBrowsersAreToldToStayOnIt() async throws {
        try await withTestApp(config: ["public.base.url": "https://crm.example"]) { client, _ in
            let response = try await client.execute(uri: "/api/v1/health", method: .get)
            #expect(Self.header(response, "Strict-Transport-Security") == "max-age=31536000")
        }
    }

    /// The CSP allows no inline script, so none may be written: every page's scripts are files.
    @Test func noPageHasAnInlineScriptOrEventHandler() throws {
        let root = TestPaths.packageRoot.appendingPathComponent("public")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "html" && !$0.path.contains("/vendor/") }
        #expect(files.count >= 5)
        for file in files {
            let html = try String(contentsOf: file, encoding: .utf8)
            let inline = html.components(separatedBy: "<script").dropFirst().filter { tag in
                let opening = tag.prefix { $0 != ">" }
                return !opening.contains("src=")
            }
            #expect(inline.isEmpty, "\(file.lastPathComponent) has an inline <script>")
            #expect(html.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(file.lastPathComponent) has an inline event handler")
        }
    }
}
