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
}

struct ServiceRef: Decodable, Sendable {
    let id: String
}

/// A studio (Europe/London, imperium) ready to book: a 60-minute service with a 15-minute break
/// priced 2500.00, a staff member who performs it, a room that hosts it, and a client.
/// `testNow` is 2026-06-01 10:00 local; `tomorrow(at:)` gives wall times of 2026-06-02.
struct BookingWorld: Sendable {
    let scheduling: SchedulingWorld
    let serviceId: String
    let staffId: String
    let roomId: String
    let clientId: String

    var token: String { scheduling.token }
    var tenantId: TenantID { scheduling.tenant.id }

    static func make(_ client: some TestClientProtocol, _ app: TestApp) async throws -> BookingWorld {
        let world = try await SchedulingWorld.make(client, app)
        let serviceId = try await client.createService(
            #"{"category":"Hair","name":"Cut","basePrice":"2500.00","durationMinutes":60,"breakMinutes":15}"#, token: world.token)
        let staffId = try await client.createStaff(name: "Anna", serviceIds: [serviceId], token: world.token)
        let room = try await client.call(
            .post, "/api/v1/rooms", as: .bearer(world.token), json: #"{"name":"Room 1","serviceIds":["\#(serviceId)"]}"#)
        guard room.status == .created else { throw SchedulingTestFailure("room fixture: \(room.status.code) \(room.text)") }
        let customer = try await client.createClient(#"{"name":"Maria Client"}"#, token: world.token)
        return BookingWorld(
            scheduling: world, serviceId: serviceId, staffId: staffId, roomId: try room.decoded(RoomBody.self).id, clientId: customer.id)
    }

    /// `2026-06-02T<time>:00` (London summer time, +01:00).
    static func tomorrow(at time: String) -> String { "2026-06-02T\(time):00" }

    /// A booking body for this world's client, service and staff at `time` tomorrow.
    func body(at time: String, staffId: String? = nil, roomId: String? = nil, extra: String = "") -> String {
        let room = roomId.map { #","roomId":"\#($0)""# } ?? ""
        return
            #"{"clientId":"\#(clientId)","serviceId":"\#(serviceId)","staffId":"\#(staffId ?? self.staffId)","startsAt":"\#(Self.tomorrow(at: time))"\#(room)\#(extra)}"#
    }

    /// Books through the API and fails on anything but 201.
    func book(_ client: some TestClientProtocol, at time: String, staffId: String? = nil, roomId: String? = nil) async throws -> AppointmentBody {
        let response = try await client.call(
            .post, "/api/v1/appointments", as: .bearer(token), json: body(at: time, staffId: staffId, roomId: roomId))
        guard response.status == .created else { throw SchedulingTestFailure("booking fixture: \(response.status.code) \(response.text)") }
        return try response.decoded(AppointmentBody.self)
    }
}

extension TestClientProtocol {
    func createService(_ json: String, token: String) async throws -> String {
        let response = try await call(.post, "/api/v1/services", as: .bearer(token), json: json)
        guard response.status == .created else { throw SchedulingTestFailure("service fixture: \(response.status.code) \(response.text)") }
        return try response.decoded(ServiceRef.self).id
    }

    func createStaff(name: String, serviceIds: [String], userId: String? = nil, token: String) async throws -> String {
        let ids = serviceIds.map { "\"\($0)\"" }.joined(separator: ",")
        let user = userId.map { #","userId":"\#($0)""# } ?? ""
        let response = try await call(.post, "/api/v1/staff", as: .bearer(token), json: #"{"name":"\#(name)","serviceIds":[\#(ids)]\#(user)}"#)
        guard response.status == .created else { throw SchedulingTestFailure("staff fixture: \(response.status.code) \(response.text)") }
        return try response.decoded(StaffMemberBody.self).id
    }
}
