import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

@testable import Modules
@testable import Catalog
@testable import Booking

extension CrossTenantProbes {
    /// A's appointment: B can neither read, edit, move nor change its status, nor list it.
    static let appointments = CrossTenantProbe(
        name: "appointments",
        fixture: { world, app in
            let rows = try await AppointmentProbeData.rows(world, app)
            return ["id": rows.appointment.id.description]
        },
        routes: [
            .init(.get, "/api/v1/appointments/{id}"),
            .init(.patch, "/api/v1/appointments/{id}", json: #"{"notes":"B was here","price":"1.00"}"#),
            .init(.post, "/api/v1/appointments/{id}/reschedule", json: #"{"startsAt":"2026-06-03T10:00:00"}"#),
            .init(.post, "/api/v1/appointments/{id}/status", json: #"{"status":"cancelled"}"#),
            .init(.post, "/api/v1/appointments/{id}/confirm"),
            .init(.post, "/api/v1/appointments/{id}/start"),
            .init(.post, "/api/v1/appointments/{id}/complete"),
            .init(.post, "/api/v1/appointments/{id}/cancel"),
            .init(.post, "/api/v1/appointments/{id}/no-show"),
        ],
        lists: [
            .init(path: "/api/v1/appointments") { try $0.decoded(SchedulingPage<AppointmentBody>.self).items.map(\.id) },
            .init(path: "/api/v1/appointments?filter[from]=2026-06-02T00:00:00&filter[to]=2026-06-03T00:00:00") {
                try $0.decoded(SchedulingPage<AppointmentBody>.self).items.map(\.id)
            },
        ],
        intact: { world, app, parameters in
            guard let id = AppointmentID(string: parameters["id"] ?? "") else { return false }
            let stored = try await AppointmentsRepository(sql: app.database.sql, tenantId: world.tenant.id).find(id)
            return stored?.status == .pending && stored?.notes == nil && stored?.startsAt == AppointmentProbeData.start
                && stored?.price == Money(major: 10)
        })
}

/// Rows of tenant A for the probes, written through the repositories.
enum AppointmentProbeData {
    /// 2026-06-02 10:00 London time.
    static let start = Date(timeIntervalSince1970: 1_780_390_800)

    static func rows(_ world: StudioWorld, _ app: TestApp) async throws -> (
        client: UUID, service: StudioService, staff: StaffMember, appointment: Appointment
    ) {
        let sql = app.database.sql
        let client = try await CrossTenantProbes.insertClient(world, app, name: "Probe Client").uuid
        let service = try await ServiceProbeData.service(world, app, name: "Probe cut")
        let home = try #require(try await LocationRepository(sql: sql, tenantId: world.tenant.id).defaultLocation())
        let staff = StaffMember(
            id: .random(), tenantId: world.tenant.id, name: "A's Master", userId: nil, color: "#8E7CC3", active: true, locationId: home.id,
            schedule: home.schedule, serviceIds: [service.id], createdAt: testNow, updatedAt: testNow)
        try await StaffRepository(sql: sql, tenantId: world.tenant.id).insert(staff)
        var appointment = Appointment(
            id: .random(), tenantId: world.tenant.id, clientId: CustomerID(client), serviceId: service.id, staffId: staff.id, locationId: home.id,
            roomId: nil, startsAt: start, endsAt: start, durationMinutes: 30, breakMinutes: 0, price: Money(major: 10), currency: "RUB",
            status: .pending, statusReason: nil, depositAmount: nil, depositStatus: .none, paymentStatus: .unpaid, cancellationFee: nil,
            source: .manual, notes: nil, createdBy: world.owner.id, createdAt: testNow, updatedAt: testNow)
        appointment.move(to: start)
        try await AppointmentsRepository(sql: sql, tenantId: world.tenant.id).insert(appointment)
        return (client, service, staff, appointment)
    }
}

@Suite struct AppointmentsCrossTenantTests {
    @Test func anotherTenantsClientServiceStaffAndRoomCannotBeBooked() async throws {
        try await withTestApp { client, app in
            // given: A's rows; B's own studio
            let a = try await StudioWorld.studio(client, app)
            let rows = try await AppointmentProbeData.rows(a, app)
            let room = try await SchedulingFixtures.room(a, app)
            let b = try await StudioWorld.studio(client, app)
            // when
            let response = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(b.token),
                json:
                    #"{"clientId":"\#(rows.client)","serviceId":"\#(rows.service.id)","staffId":"\#(rows.staff.id)","roomId":"\#(room)","startsAt":"2026-06-02T12:00:00"}"#
            )
            // then
            #expect(
                response.errorBody?.fields == ["clientId": "not_found", "serviceId": "not_found", "staffId": "not_found", "roomId": "not_found"])
        }
    }
}
