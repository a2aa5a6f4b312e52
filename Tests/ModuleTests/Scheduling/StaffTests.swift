import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

/// Staff records: CRUD, schedules, linked users, with audit and events.
@Suite struct StaffTests {
    @Test func aStaffMemberIsCreatedAtTheDefaultLocationWithItsHours() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            // when
            let created = try await client.call(.post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"  Anna Master "}"#)
            // then
            #expect(created.status == .created, "\(created.text)")
            let member = try created.decoded(StaffMemberBody.self)
            #expect(member.name == "Anna Master" && member.active && member.userId == nil)
            #expect(member.locationId == world.defaultLocationId)
            #expect(member.schedule["3"] == [["09:00", "21:00"]])
            #expect(member.color.hasPrefix("#") && member.color.count == 7)
            let event = try await auditedWithEvent(app.database, world.tenant.id, "staff.created", entityId: member.id)
            #expect(event?.payload.at("name") == .string("Anna Master"))
            let shown = try await client.call(.get, "/api/v1/staff/\(member.id)", as: .bearer(world.token)).decoded(StaffMemberBody.self)
            #expect(shown.id == member.id && shown.schedule == member.schedule)
        }
    }

    @Test func theScheduleIsPatchedAndTheEventSaysWhatChanged() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let member = try await client.call(
                .post, "/api/v1/staff", as: .bearer(world.token), json: ##"{"name":"Anna","color":"#a1b2c3","schedule":{"1":[["09:00","18:00"]]}}"##
            ).decoded(StaffMemberBody.self)
            #expect(member.color == "#A1B2C3")
            // when
            let patched = try await client.call(
                .patch, "/api/v1/staff/\(member.id)", as: .bearer(world.token),
                json: #"{"schedule":{"2":[["09:00","12:00"],["14:00","20:00"]],"7":[]},"name":"Anna K."}"#)
            // then
            #expect(patched.status == .ok, "\(patched.text)")
            let after = try patched.decoded(StaffMemberBody.self)
            #expect(after.schedule["1"] == [] && after.schedule["2"] == [["09:00", "12:00"], ["14:00", "20:00"]])
            let event = try await auditedWithEvent(app.database, world.tenant.id, "staff.updated", entityId: member.id)
            #expect(event?.payload.at("changed") == .array(["name", "schedule"]))
            #expect(event?.payload.at("id") == .string(member.id))
            // a PATCH that changes nothing writes nothing
            let before = try await domainEvents(app.database, world.tenant.id).count
            _ = try await client.call(.patch, "/api/v1/staff/\(member.id)", as: .bearer(world.token), json: #"{"name":"Anna K."}"#)
            #expect(try await domainEvents(app.database, world.tenant.id).count == before)
        }
    }

    /// Bad schedules in a staff PATCH, each with the problems it must report.
    static let badSchedules: [(body: String, fields: [String: String])] = [
        (#"{"schedule":"mon-fri"}"#, ["schedule": "malformed"]),
        (#"{"schedule":[]}"#, ["schedule": "malformed"]),
        (#"{"schedule":{"1":[["09:00","13:00"],["12:30","18:00"]]}}"#, ["schedule.1[1]": "overlapping"]),
        (#"{"schedule":{"1":[["09:20","13:00"]],"4":[["10:00","18:05"]]}}"#, ["schedule.1[0]": "off_grid", "schedule.4[0]": "off_grid"]),
        (
            #"{"schedule":{"1":[["13:00","18:00"],["09:00","12:00"]]},"color":"red","name":""}"#,
            ["schedule.1[1]": "unordered", "color": "invalid", "name": "required"]
        ),
        (#"{"schedule":{"0":[],"2":[["09:00"]]}}"#, ["schedule.0": "unknown_weekday", "schedule.2[0]": "malformed"]),
    ]

    @Test(arguments: badSchedules)
    func aBadScheduleIsRejectedAllAtOnceAndNothingIsWritten(body: String, fields: [String: String]) async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let member = try await client.call(
                .post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"Anna","schedule":{"1":[["09:00","18:00"]]}}"#
            ).decoded(StaffMemberBody.self)
            let events = try await domainEvents(app.database, world.tenant.id).count
            // when
            let response = try await client.call(.patch, "/api/v1/staff/\(member.id)", as: .bearer(world.token), json: body)
            // then
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "validation_error")
            #expect(response.errorBody?.fields == fields)
            let stored = try await client.call(.get, "/api/v1/staff/\(member.id)", as: .bearer(world.token)).decoded(StaffMemberBody.self)
            #expect(stored.schedule["1"] == [["09:00", "18:00"]] && stored.name == "Anna")
            #expect(try await domainEvents(app.database, world.tenant.id).count == events)
        }
    }

    @Test func malformedBodiesAreClearErrorsNot500() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            // when
            let broken = try await client.call(.post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"Anna","schedule":{"1":[["09:00","#)
            let wrongType = try await client.call(.post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":["Anna"]}"#)
            let badId = try await client.call(.post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"Anna","locationId":"nope"}"#)
            // then
            #expect(broken.status == .badRequest && broken.errorCode == "invalid_json")
            #expect(wrongType.status == .badRequest && wrongType.errorBody?.fields == ["name": "invalid_type"])
            #expect(badId.status == .badRequest && badId.errorBody?.fields?["locationId"] != nil)
            #expect(try await rowCount(app.database, "staff", world.tenant.id) == 0)
        }
    }

    @Test func aLinkedUserBelongsToTheTenantAndHasOneStaffRecord() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let other = try await StudioWorld.scheduling(client, app)
            let specialist = try await world.member(.specialist)
            let stranger = try await other.member(.specialist)
            // when
            let linked = try await client.call(
                .post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"Anna","userId":"\#(specialist.user.id)"}"#)
            let twice = try await client.call(
                .post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"Anna again","userId":"\#(specialist.user.id)"}"#)
            let foreign = try await client.call(
                .post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"Spy","userId":"\#(stranger.user.id)"}"#)
            // then
            #expect(linked.status == .created)
            let member = try linked.decoded(StaffMemberBody.self)
            #expect(member.userId == specialist.user.id.description)
            #expect(twice.status == .conflict && twice.errorBody?.fields == ["userId": "taken"])
            #expect(foreign.status == .badRequest && foreign.errorBody?.fields == ["userId": "not_found"])
            let byUser = try await client.call(.get, "/api/v1/staff?filter[userId]=\(specialist.user.id)", as: .bearer(world.token))
            #expect(try byUser.decoded(SchedulingPage<StaffMemberBody>.self).items.map(\.id) == [member.id])

            // when: unlinking frees the user for another record
            let unlinked = try await client.call(.patch, "/api/v1/staff/\(member.id)", as: .bearer(world.token), json: #"{"userId":null}"#)
            #expect(try unlinked.decoded(StaffMemberBody.self).userId == nil)
            let relinked = try await client.call(
                .post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"Anna new","userId":"\#(specialist.user.id)"}"#)
            #expect(relinked.status == .created)
            // and a PATCH cannot take a user already linked elsewhere
            let steal = try await client.call(
                .patch, "/api/v1/staff/\(member.id)", as: .bearer(world.token), json: #"{"userId":"\#(specialist.user.id)"}"#)
            #expect(steal.status == .conflict && steal.errorBody?.fields == ["userId": "taken"])
        }
    }

    @Test func staffAreListedByNameAndFiltered() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let second = try await client.call(.post, "/api/v1/locations", as: .bearer(world.token), json: #"{"name":"Second"}"#)
                .decoded(LocationBody.self)
            for body in [#"{"name":"Vera"}"#, #"{"name":"Anna","locationId":"\#(second.id)"}"#, #"{"name":"Maria","active":false}"#] {
                #expect(try await client.call(.post, "/api/v1/staff", as: .bearer(world.token), json: body).status == .created)
            }
            // when
            let all = try await client.call(.get, "/api/v1/staff?limit=2", as: .bearer(world.token)).decoded(SchedulingPage<StaffMemberBody>.self)
            let rest = try await client.call(.get, "/api/v1/staff?limit=2&cursor=\(all.nextCursor ?? "")", as: .bearer(world.token))
                .decoded(SchedulingPage<StaffMemberBody>.self)
            let atSecond = try await client.call(.get, "/api/v1/staff?filter[locationId]=\(second.id)", as: .bearer(world.token))
                .decoded(SchedulingPage<StaffMemberBody>.self)
            let active = try await client.call(.get, "/api/v1/staff?filter[active]=true", as: .bearer(world.token))
                .decoded(SchedulingPage<StaffMemberBody>.self)
            let bad = try await client.call(.get, "/api/v1/staff?filter[color]=red", as: .bearer(world.token))
            // then
            #expect(all.items.map(\.name) == ["Anna", "Maria"] && rest.items.map(\.name) == ["Vera"] && rest.nextCursor == nil)
            #expect(atSecond.items.map(\.name) == ["Anna"])
            #expect(active.items.map(\.name) == ["Anna", "Vera"])
            #expect(bad.status == .badRequest && bad.errorBody?.fields == ["filter[color]": "unknown_filter"])
        }
    }

    @Test func everyoneWhoReadsTheCalendarReadsStaffButOnlySettingsWritersChangeThem() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let member = try await client.call(.post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"Anna"}"#)
                .decoded(StaffMemberBody.self)
            let manager = try await world.member(.manager)
            let specialist = try await world.member(.specialist)
            // when
            let read = try await client.call(.get, "/api/v1/staff", as: .bearer(specialist.token))
            let specialistWrite = try await client.call(
                .patch, "/api/v1/staff/\(member.id)", as: .bearer(specialist.token), json: #"{"name":"Me"}"#)
            let managerWrite = try await client.call(
                .patch, "/api/v1/staff/\(member.id)", as: .bearer(manager.token), json: #"{"active":false}"#)
            // then
            #expect(try read.decoded(SchedulingPage<StaffMemberBody>.self).items.count == 1)
            #expect(specialistWrite.status == .forbidden && specialistWrite.errorCode == "permission_denied")
            #expect(try managerWrite.decoded(StaffMemberBody.self).active == false)
        }
    }
}
