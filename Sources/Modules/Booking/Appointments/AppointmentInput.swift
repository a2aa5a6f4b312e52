import CRMCore
import Foundation

/// What a booking body gives, read field by field (every type problem collected in `fields`).
struct AppointmentInput {
    var clientId: BodyField<CustomerID>
    var serviceId: BodyField<ServiceID>
    var staffId: BodyField<StaffID>
    var roomId: BodyField<RoomID>
    var startsAt: BodyField<Date>
    var price: BodyField<Money>
    var notes: BodyField<String>
    var source: BodyField<AppointmentSource>

    static let maxNotesLength = 4000
    static let maxReasonLength = 500

    /// A create body: client, service, staff and start are required.
    static func create(_ fields: inout BodyFields, timeZone: TimeZone) -> AppointmentInput {
        let input = AppointmentInput(
            clientId: fields.id("clientId"), serviceId: fields.id("serviceId"), staffId: fields.id("staffId"), roomId: fields.id("roomId"),
            startsAt: fields.instant("startsAt", timeZone: timeZone), price: fields.money("price"),
            notes: fields.text("notes", maxLength: maxNotesLength), source: fields.enumeration("source"))
        fields.require("clientId", input.clientId, creating: true)
        fields.require("serviceId", input.serviceId, creating: true)
        fields.require("staffId", input.staffId, creating: true)
        fields.require("startsAt", input.startsAt, creating: true)
        fields.require("price", input.price, creating: false)
        fields.require("source", input.source, creating: false)
        return input
    }

    /// A reschedule body: a new start, optionally another staff member and room (`roomId: null`
    /// leaves the room).
    static func reschedule(_ fields: inout BodyFields, timeZone: TimeZone) -> AppointmentInput {
        let input = AppointmentInput(
            clientId: .absent, serviceId: .absent, staffId: fields.id("staffId"), roomId: fields.id("roomId"),
            startsAt: fields.instant("startsAt", timeZone: timeZone), price: .absent, notes: .absent, source: .absent)
        fields.require("startsAt", input.startsAt, creating: true)
        fields.require("staffId", input.staffId, creating: false)
        return input
    }

    /// A PATCH body: notes and price only.
    static func edit(_ fields: inout BodyFields) -> AppointmentInput {
        let input = AppointmentInput(
            clientId: .absent, serviceId: .absent, staffId: .absent, roomId: .absent, startsAt: .absent, price: fields.money("price"),
            notes: fields.text("notes", maxLength: maxNotesLength), source: .absent)
        fields.require("price", input.price, creating: false)
        return input
    }
}
