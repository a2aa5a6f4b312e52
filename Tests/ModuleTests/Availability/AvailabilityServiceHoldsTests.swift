import CRMCore
import Foundation
import HummingbirdTesting
import Testing
import TestSupport

@testable import Modules
@testable import Booking

/// The service over the real tables with holds from `InMemoryTimeHolds` (the appointments table
/// arrives on another branch): appointments and their breaks, busy rooms, tenant scoping.
@Suite struct AvailabilityServiceHoldsTests {
    static func scope(_ world: StudioWorld) -> AvailabilityService.Scope {
        .init(tenantId: world.tenant.id, zone: TenantTime.zone(named: "Europe/London")!, now: testNow)
    }

    static func at(_ text: String) -> Date { try! TenantTime.parseISO(text, in: TenantTime.zone(named: "Europe/London")!) }

    static func day(_ date: String) -> AvailabilityService.Window {
        .init(from: at("\(date)T00:00"), to: at("\(date)T23:59"))
    }

    @Test func appointmentsAndTheirBreaksAreTakenAndExplained() async throws {
        try await withTestApp { client, app in
            // given: Anna 10:00–13:00; an appointment 10:00–11:00 with a 15-minute break; another tenant's hold on her id is ignored
            let world = try await StudioWorld.availability(client, app)
            let anna = StaffID(UUID(uuidString: try await world.staff(client))!)
            let service = ServiceID(UUID(uuidString: world.serviceId)!)
            let holds = InMemoryTimeHolds()
            holds.add(
                TimeHold(
                    staffId: anna, roomId: nil, start: Self.at("2026-06-02T10:00"), breakStart: Self.at("2026-06-02T11:00"),
                    end: Self.at("2026-06-02T11:15")), tenant: world.tenant.id)
            holds.add(
                TimeHold(staffId: anna, roomId: nil, start: Self.at("2026-06-02T12:00"), end: Self.at("2026-06-02T13:00")),
                tenant: TenantID(UUID()))
            let availability = AvailabilityService(database: app.database, holds: holds)
            // when
            let slots = try await availability.slots(serviceId: service, staffId: anna, window: Self.day("2026-06-02"), scope: Self.scope(world))
            let taken = try await availability.explain(
                serviceId: service, staffId: anna, at: .instant(Self.at("2026-06-02T10:30")), scope: Self.scope(world))
            let inBreak = try await availability.explain(
                serviceId: service, staffId: anna, at: .instant(Self.at("2026-06-02T11:00")), scope: Self.scope(world))
            // then
            let starts = slots.staff.first?.days.first?.starts.map { TenantTime.formatISO($0, in: Self.scope(world).zone) }
            #expect(starts == ["11:15", "11:30", "11:45", "12:00"].map { "2026-06-02T\($0):00+01:00" })
            #expect(taken.reasons.map(\.code) == [.takenByAppointment, .breakTime])
            #expect(inBreak.reasons.map(\.code) == [.breakTime])
        }
    }

    @Test func aHeldRoomLeavesOnlyTheOtherRooms() async throws {
        try await withTestApp { client, app in
            // given: two rooms host the service; room 1 is held 10:00–12:00, room 2 10:00–11:00
            let world = try await StudioWorld.availability(client, app)
            let anna = StaffID(UUID(uuidString: try await world.staff(client))!)
            let service = ServiceID(UUID(uuidString: world.serviceId)!)
            var rooms: [RoomID] = []
            for name in ["Room 1", "Room 2"] {
                let room = try await client.call(
                    .post, "/api/v1/rooms", as: .bearer(world.token), json: #"{"name":"\#(name)","serviceIds":["\#(world.serviceId)"]}"#)
                rooms.append(RoomID(UUID(uuidString: try room.decoded(IdBody.self).id)!))
            }
            let holds = InMemoryTimeHolds()
            holds.add(
                TimeHold(staffId: nil, roomId: rooms[0], start: Self.at("2026-06-02T10:00"), end: Self.at("2026-06-02T12:00")),
                tenant: world.tenant.id)
            holds.add(
                TimeHold(staffId: nil, roomId: rooms[1], start: Self.at("2026-06-02T10:00"), end: Self.at("2026-06-02T11:00")),
                tenant: world.tenant.id)
            let availability = AvailabilityService(database: app.database, holds: holds)
            // when
            let slots = try await availability.slots(serviceId: service, staffId: anna, window: Self.day("2026-06-02"), scope: Self.scope(world))
            let why = try await availability.explain(
                serviceId: service, staffId: anna, at: .instant(Self.at("2026-06-02T10:30")), scope: Self.scope(world))
            // then
            let starts = slots.staff.first?.days.first?.starts.map { TenantTime.formatISO($0, in: Self.scope(world).zone) }
            #expect(starts == ["11:00", "11:15", "11:30", "11:45", "12:00"].map { "2026-06-02T\($0):00+01:00" })
            #expect(why.reasons.map(\.code) == [.noRoom])
        }
    }

    @Test func datetimeBoundsLimitTheStartsInclusively() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.availability(client, app)
            let anna = try await world.staff(client)
            // when
            let response = try await world.slots(client, "staffId=\(anna)&from=2026-06-02T11:00&to=2026-06-02T11:30:00%2B01:00")
            // then
            let body = try response.decoded(SlotsBody.self)
            #expect(body.staff.first?.days.first?.starts == ["11:00", "11:15", "11:30"].map { "2026-06-02T\($0):00+01:00" })
        }
    }
}
