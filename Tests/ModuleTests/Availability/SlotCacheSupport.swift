import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Tenancy
import Testing
import TestSupport

/// A studio for the cache tests: Anna works 10:00–13:00 every day at the default location
/// (09:00–21:00) and performs a 60-minute service; one client to book.
struct CacheWorld {
    let availability: AvailabilityWorld
    let anna: String
    let clientId: String

    var token: String { availability.token }
    var serviceId: String { availability.serviceId }

    static func make(_ client: some TestClientProtocol, _ app: TestApp) async throws -> CacheWorld {
        let availability = try await AvailabilityWorld.make(client, app)
        let anna = try await availability.staff(client)
        let customer = try await client.createClient(#"{"name":"Olga"}"#, token: availability.token)
        return CacheWorld(availability: availability, anna: anna, clientId: customer.id)
    }

    /// Anna's offered starts on `dates` (local `HH:MM` prefixed by the date), warming the cache.
    func starts(_ client: some TestClientProtocol, from: String = "2026-06-02", to: String = "2026-06-02") async throws -> [String] {
        let response = try await availability.slots(client, "staffId=\(anna)&from=\(from)&to=\(to)")
        #expect(response.status == .ok, "\(response.text)")
        return try response.decoded(SlotsBody.self).staff.flatMap { $0.days.flatMap(\.starts) }.map { String($0.prefix(16)) }
    }

    func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, _ json: String? = nil) async throws
        -> TestResponse
    {
        let response = try await client.call(method, "/api/v1/\(path)", as: .bearer(token), json: json)
        #expect(response.status.code < 300, "\(method) \(path): \(response.text)")
        return response
    }

    /// Books Anna at `startsAt` (tenant-local) and answers the appointment id.
    func book(_ client: some TestClientProtocol, _ startsAt: String) async throws -> String {
        try await call(
            client, .post, "appointments", #"{"clientId":"\#(clientId)","serviceId":"\#(serviceId)","staffId":"\#(anna)","startsAt":"\#(startsAt)"}"#
        ).decoded(IdBody.self).id
    }

    static func everyDay(_ hours: String) -> String { "{" + (1...7).map { "\"\($0)\":\(hours)" }.joined(separator: ",") + "}" }
}
