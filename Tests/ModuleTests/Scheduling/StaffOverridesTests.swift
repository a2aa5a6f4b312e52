import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

/// Dated overrides of a staff member's schedule: the same-date rules, the specialist's own
/// overrides, audit and events carrying what a day-grid cache needs.
@Suite struct StaffOverridesTests {
    static func staff(_ client: some TestClientProtocol, _ world: StudioWorld, json: String = #"{"name":"Anna"}"#) async throws
        -> StaffMemberBody
    {
        try await client.call(.post, "/api/v1/staff", as: .bearer(world.token), json: json).decoded(StaffMemberBody.self)
    }

    @Test func overridesAreAddedListedAndRemovedWithAuditAndEvents() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let member = try await Self.staff(client, world)
            let base = "/api/v1/staff/\(member.id)/overrides"
            // when
            let dayOff = try await client.call(.post, base, as: .bearer(world.token), json: #"{"date":"2026-06-05","kind":"day_off"}"#)
            let block = try await client.call(
                .post, base, as: .bearer(world.token),
                json: #"{"date":"2026-06-08","kind":"blocked","intervals":[["12:00","13:00"],["16:00","16:45"]],"reason":" Dentist "}"#)
            // then
            #expect(dayOff.status == .created, "\(dayOff.text)")
            let blocked = try block.decoded(OverrideBody.self)
            #expect(blocked.staffId == member.id && blocked.intervals == [["12:00", "13:00"], ["16:00", "16:45"]] && blocked.reason == "Dentist")
            let added = try await auditedEvents(app.database, world.tenant.id, "staff.override_added", entityId: member.id)
            #expect(added.count == 2 && added.allSatisfy { $0.payload.at("staffId") == .string(member.id) })
            let blockEvent = added.first { $0.payload.at("kind") == .string("blocked") }
            #expect(blockEvent?.payload.at("date") == .string("2026-06-08"))

            let june8 = try await client.call(.get, base + "?filter[date]=2026-06-08", as: .bearer(world.token))
            #expect(try june8.decoded(SchedulingPage<OverrideBody>.self).items.map(\.id) == [blocked.id])
            let upTo7 = try await client.call(.get, base + "?filter[date][lte]=2026-06-07", as: .bearer(world.token))
            #expect(try upTo7.decoded(SchedulingPage<OverrideBody>.self).items.map(\.kind) == ["day_off"])
            let blocks = try await client.call(.get, base + "?filter[kind]=blocked", as: .bearer(world.token))
            #expect(try blocks.decoded(SchedulingPage<OverrideBody>.self).items.count == 1)

            // when
            let removed = try await client.call(.delete, base + "/\(blocked.id)", as: .bearer(world.token))
            // then
            #expect(removed.status == .noContent)
            let event = try await auditedWithEvent(app.database, world.tenant.id, "staff.override_removed", entityId: member.id)
            #expect(event?.payload.at("date") == .string("2026-06-08") && event?.payload.at("overrideId") == .string(blocked.id))
            #expect(try await rowCount(app.database, "schedule_overrides", world.tenant.id) == 1)
        }
    }

    @Test func oneDayOffOrCustomHoursPerDateAndNothingBesideADayOff() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let member = try await Self.staff(client, world)
            let base = "/api/v1/staff/\(member.id)/overrides"
            let hours = try await client.call(
                .post, base, as: .bearer(world.token), json: #"{"date":"2026-06-09","kind":"custom_hours","intervals":[["10:00","14:00"]]}"#)
            #expect(hours.status == .created)
            // when / then: blocks combine with custom hours, a second hours override does not
            let block = try await client.call(
                .post, base, as: .bearer(world.token), json: #"{"date":"2026-06-09","kind":"blocked","intervals":[["11:00","11:30"]]}"#)
            #expect(block.status == .created)
            let again = try await client.call(.post, base, as: .bearer(world.token), json: #"{"date":"2026-06-09","kind":"day_off"}"#)
            #expect(again.status == .conflict && again.errorCode == "override_conflict")
            guard case .array(let inTheWay)? = again.errorBody?.details?["conflictsWith"] else { throw SchedulingTestFailure("no conflictsWith") }
            #expect(Set(inTheWay) == [.string(try hours.decoded(OverrideBody.self).id), .string(try block.decoded(OverrideBody.self).id)])
            // a day off elsewhere, then nothing beside it
            _ = try await client.call(.post, base, as: .bearer(world.token), json: #"{"date":"2026-06-10","kind":"day_off"}"#)
            let beside = try await client.call(
                .post, base, as: .bearer(world.token), json: #"{"date":"2026-06-10","kind":"blocked","intervals":[["11:00","11:30"]]}"#)
            #expect(beside.errorCode == "override_conflict")
            #expect(try await rowCount(app.database, "schedule_overrides", world.tenant.id) == 3)
        }
    }

    @Test func aBadOverrideIsRejectedWithEveryProblem() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let member = try await Self.staff(client, world)
            // when
            let bad = try await client.call(
                .post, "/api/v1/staff/\(member.id)/overrides", as: .bearer(world.token),
                json: #"{"date":"2026-05-20","kind":"blocked","intervals":[["10:00","11:00"],["10:30","10:40"]]}"#)
            let empty = try await client.call(.post, "/api/v1/staff/\(member.id)/overrides", as: .bearer(world.token), json: "{}")
            // then
            #expect(bad.errorBody?.fields == ["date": "in_past", "intervals[1]": "off_grid"])
            #expect(empty.errorBody?.fields == ["date": "required", "kind": "required"])
            #expect(try await rowCount(app.database, "schedule_overrides", world.tenant.id) == 0)
        }
    }

    @Test func aSpecialistManagesOnlyTheOverridesOfTheirOwnStaffRecord() async throws {
        try await withTestApp { client, app in
            // given: a specialist linked to one staff record, and a colleague's record
            let world = try await StudioWorld.scheduling(client, app)
            let specialist = try await world.member(.specialist)
            let receptionist = try await world.member(.receptionist)
            let own = try await Self.staff(client, world, json: #"{"name":"Me","userId":"\#(specialist.user.id)"}"#)
            let colleague = try await Self.staff(client, world, json: #"{"name":"Colleague"}"#)
            // when
            let mine = try await client.call(
                .post, "/api/v1/staff/\(own.id)/overrides", as: .bearer(specialist.token), json: #"{"date":"2026-06-15","kind":"day_off"}"#)
            let theirs = try await client.call(
                .post, "/api/v1/staff/\(colleague.id)/overrides", as: .bearer(specialist.token), json: #"{"date":"2026-06-15","kind":"day_off"}"#)
            let byReception = try await client.call(
                .post, "/api/v1/staff/\(own.id)/overrides", as: .bearer(receptionist.token), json: #"{"date":"2026-06-16","kind":"day_off"}"#)
            // then
            #expect(mine.status == .created, "\(mine.text)")
            #expect(theirs.status == .forbidden && theirs.errorCode == "permission_denied")
            #expect(theirs.errorBody?.details?["permission"] == .string("settings.write"))
            #expect(byReception.status == .forbidden)
            // the specialist removes their own, but not one the owner put on a colleague
            let ownerMade = try await client.call(
                .post, "/api/v1/staff/\(colleague.id)/overrides", as: .bearer(world.token), json: #"{"date":"2026-06-15","kind":"day_off"}"#
            ).decoded(OverrideBody.self)
            let removeTheirs = try await client.call(
                .delete, "/api/v1/staff/\(colleague.id)/overrides/\(ownerMade.id)", as: .bearer(specialist.token))
            #expect(removeTheirs.status == .forbidden)
            let removeMine = try await client.call(
                .delete, "/api/v1/staff/\(own.id)/overrides/\(try mine.decoded(OverrideBody.self).id)", as: .bearer(specialist.token))
            #expect(removeMine.status == .noContent)
            // an override id is only found through its own staff member
            let crossed = try await client.call(.delete, "/api/v1/staff/\(own.id)/overrides/\(ownerMade.id)", as: .bearer(world.token))
            #expect(crossed.status == .notFound)
            // reading overrides needs only the calendar
            let read = try await client.call(.get, "/api/v1/staff/\(colleague.id)/overrides", as: .bearer(receptionist.token))
            #expect(try read.decoded(SchedulingPage<OverrideBody>.self).items.count == 1)
        }
    }
}
