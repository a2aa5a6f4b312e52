import CRMCore
import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// A unique value two requests race for is `409` naming the field for the loser, never `500`,
/// through the whole HTTP path and on both databases.
@Suite struct ConcurrentConflictTests {
    @Test func racingSignUpsForOneSlugGiveOneStudioAndConflicts() async throws {
        try await withTestApp { client, _ in
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        let response = try await client.call(
                            .post, "/api/v1/auth/register", json: AuthFlow.registerJSON(slug: "race-slug", email: "racer\(index)@race.test"))
                        return response.status == .created ? "created" : "\(response.status.code) \(response.errorBody?.fields ?? [:])"
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "created" }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == "409 [\"slug\": \"taken\"]" }.count == 5, "\(outcomes)")
        }
    }

    @Test func racingClientsWithOnePhoneGiveOneClientAndConflicts() async throws {
        try await withTestApp { client, app in
            let world = try await StudioWorld.studio(client, app)
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        let response = try await client.call(
                            .post, "/api/v1/clients", as: .bearer(world.token), json: #"{"name":"Racer \#(index)","phone":"+7 916 555-44-33"}"#)
                        return response.status == .created ? "created" : "\(response.status.code) \(response.errorBody?.fields ?? [:])"
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "created" }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == "409 [\"phone\": \"taken\"]" }.count == 5, "\(outcomes)")
        }
    }
}
