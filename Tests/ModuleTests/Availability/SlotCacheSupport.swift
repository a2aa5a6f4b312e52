import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Tenancy
import Testing
import TestSupport

/// The slot cache tests' helpers (the studio: `StudioWorld.slotCache`, Anna is `staffId`).
extension StudioWorld {
    /// Anna's offered starts on `dates` (local `HH:MM` prefixed by the date), warming the cache.
    func starts(_ client: some TestClientProtocol, from: String = "2026-06-02", to: String = "2026-06-02") async throws -> [String] {
        let response = try await slots(client, "staffId=\(staffId)&from=\(from)&to=\(to)")
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

    func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, body: some Encodable) async throws -> TestResponse {
        let response = try await client.call(method, "/api/v1/\(path)", as: .bearer(token), body: body)
        #expect(response.status.code < 300, "\(method) \(path): \(response.text)")
        return response
    }

    /// Books Anna at `startsAt` (tenant-local) and answers the appointment id.
    func book(_ client: some TestClientProtocol, _ startsAt: String) async throws -> String {
        let body = NewAppointment(clientId: clientId, serviceId: serviceId, staffId: staffId, startsAt: startsAt)
        return try await call(client, .post, "appointments", body: body).decoded(IdBody.self).id
    }
}
