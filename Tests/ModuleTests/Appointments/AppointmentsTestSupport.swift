import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

struct AppointmentBody: Decodable, Sendable {
    let id: String
    let clientId: String
    let serviceId: String
    let staffId: String
    let locationId: String
    let roomId: String?
    let startsAt: String
    let endsAt: String
    let holdsUntil: String
    let durationMinutes: Int
    let breakMinutes: Int
    let price: String
    let currency: String?
    let status: String
    let statusReason: String?
    let depositStatus: String
    let paymentStatus: String
    let cancellationFee: String?
    let source: String
    let notes: String?
    var nextStatuses: [String]? = nil
}

struct ServiceRef: Decodable, Sendable {
    let id: String
}

/// Booking through the API (the studio: `StudioWorld.booking`).
extension StudioWorld {
    /// Books and fails on anything but 201.
    func book(_ client: some TestClientProtocol, at time: String, staffId: String? = nil, roomId: String? = nil) async throws -> AppointmentBody {
        let response = try await client.call(
            .post, "/api/v1/appointments", as: .bearer(token), body: body(at: time, staffId: staffId, roomId: roomId))
        guard response.status == .created else { throw SchedulingTestFailure("booking fixture: \(response.status.code) \(response.text)") }
        return try response.decoded(AppointmentBody.self)
    }
}
