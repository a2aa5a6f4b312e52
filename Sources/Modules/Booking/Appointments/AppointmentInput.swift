import CRMCore
import Foundation
import SQLKit

/// What a booking, reschedule or edit says, typed: read from a request body at the edge (every
/// type problem collected in `problems`, so the service answers them together with the problems
/// only the records can tell), or given in code (`booking`) by a caller that is not a route.
public struct AppointmentInput: Sendable {
    public var clientId: BodyField<CustomerID>
    public var serviceId: BodyField<ServiceID>
    public var staffId: BodyField<StaffID>
    public var roomId: BodyField<RoomID>
    public var startsAt: BodyField<Date>
    public var price: BodyField<Money>
    public var notes: BodyField<String>
    public var source: BodyField<AppointmentSource>
    /// The client's package to take the visit from; absent: the first that covers the service.
    public var clientPackageId: BodyField<ClientPackageID> = .absent
    /// `false` books at the price even when a package covers the service.
    public var usePackage: BodyField<Bool> = .absent
    /// Field path → problem code, from reading the body.
    public var problems: [String: String] = [:]
    /// Run inside the booking's transaction, after the slot check and before the insert (a caller
    /// that is not a route: the storefront counts a person's online bookings there, so two
    /// bookings at once cannot both pass a limit, and records the consents given with the booking).
    /// Throwing refuses the booking and rolls everything back; the records it answers are audited.
    /// It gets the booking as planned (its id is final), so a caller can tie its own row to it.
    public var admission: (@Sendable (any SQLDatabase, Appointment) async throws -> [MutationRecord])? = nil

    /// A booking given in code: the service's price unless `price` is set.
    public static func booking(
        client: CustomerID, service: ServiceID, staff: StaffID, startsAt: Date, room: RoomID? = nil, price: Money? = nil, notes: String? = nil,
        source: AppointmentSource
    ) -> AppointmentInput {
        AppointmentInput(
            clientId: .value(client), serviceId: .value(service), staffId: .value(staff), roomId: BodyField(room), startsAt: .value(startsAt),
            price: BodyField(price), notes: BodyField(notes), source: .value(source))
    }

    static let maxNotesLength = 4000
    static let maxReasonLength = 500

    /// A create body: client, service, staff and start are required.
    static func create(_ body: BodyFields, timeZone: TimeZone) -> AppointmentInput {
        var fields = body
        var input = AppointmentInput(
            clientId: fields.id("clientId"), serviceId: fields.id("serviceId"), staffId: fields.id("staffId"), roomId: fields.id("roomId"),
            startsAt: fields.instant("startsAt", timeZone: timeZone), price: fields.money("price"),
            notes: fields.text("notes", maxLength: maxNotesLength), source: fields.enumeration("source"))
        fields.require("clientId", input.clientId, creating: true)
        fields.require("serviceId", input.serviceId, creating: true)
        fields.require("staffId", input.staffId, creating: true)
        fields.require("startsAt", input.startsAt, creating: true)
        fields.require("price", input.price, creating: false)
        fields.require("source", input.source, creating: false)
        input.clientPackageId = fields.id("clientPackageId")
        input.usePackage = fields.bool("usePackage")
        fields.require("clientPackageId", input.clientPackageId, creating: false)
        fields.require("usePackage", input.usePackage, creating: false)
        if input.clientPackageId.value != nil, input.usePackage.value == false { fields.problem("clientPackageId", "conflicts_with_use_package") }
        input.problems = fields.problems
        return input
    }

    /// A reschedule body: a new start, optionally another staff member and room (`roomId: null`
    /// leaves the room).
    static func reschedule(_ body: BodyFields, timeZone: TimeZone) -> AppointmentInput {
        var fields = body
        var input = AppointmentInput(
            clientId: .absent, serviceId: .absent, staffId: fields.id("staffId"), roomId: fields.id("roomId"),
            startsAt: fields.instant("startsAt", timeZone: timeZone), price: .absent, notes: .absent, source: .absent)
        fields.require("startsAt", input.startsAt, creating: true)
        fields.require("staffId", input.staffId, creating: false)
        input.problems = fields.problems
        return input
    }

    /// A PATCH body: notes and price only.
    static func edit(_ body: BodyFields) -> AppointmentInput {
        var fields = body
        var input = AppointmentInput(
            clientId: .absent, serviceId: .absent, staffId: .absent, roomId: .absent, startsAt: .absent, price: fields.money("price"),
            notes: fields.text("notes", maxLength: maxNotesLength), source: .absent)
        fields.require("price", input.price, creating: false)
        input.problems = fields.problems
        return input
    }
}
