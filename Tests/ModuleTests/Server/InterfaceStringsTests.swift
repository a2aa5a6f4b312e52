import CRMCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import CRMServer

/// The web app reads its strings from the server's catalog, one language at a time.
@Suite struct InterfaceStringsTests {
    @Test func eachLanguageAnswersItsOwnStringsAndAnUnknownOneIsNotFound() async throws {
        try await withTestApp { client, _ in
            let en = try await client.execute(uri: "/api/v1/i18n/en", method: .get)
            #expect(en.status == .ok)
            #expect(en.headers[.cacheControl] == "no-cache")
            let english = try JSONDecoder().decode([String: String].self, from: en.body)
            #expect(english["error.forbidden"] == "You are not allowed to do this.")

            let ru = try await client.execute(uri: "/api/v1/i18n/ru", method: .get)
            let russian = try JSONDecoder().decode([String: String].self, from: ru.body)
            #expect(russian["error.forbidden"] != nil && russian["error.forbidden"] != english["error.forbidden"])
            #expect(Set(russian.keys) == Set(english.keys))

            let unknown = try await client.execute(uri: "/api/v1/i18n/de", method: .get)
            #expect(unknown.status == .notFound)
        }
    }
}
