import Foundation
import HummingbirdTesting

// The studios the suites share, each one chain of steps. `testNow` is Monday 2026-06-01 10:00 in
// London (BST, +01:00).
extension StudioWorld {
    /// The studio and its default location (scheduling tests).
    public static func scheduling(_ client: any TestClientProtocol, _ host: some StudioHost) async throws -> StudioWorld {
        try await studio(client, host).withDefaultLocation()
    }

    /// Ready to book: a 60-minute service with a 15-minute break priced 2500.00, Anna who performs
    /// it (the API's default schedule), Room 1 that hosts it, and a client.
    public static func booking(_ client: any TestClientProtocol, _ host: some StudioHost) async throws -> StudioWorld {
        try await scheduling(client, host).withService(.cut).withStaff("Anna").withRoom("Room 1").withClient("Maria Client")
    }

    /// A service of `minutes` + `breakMinutes` and no staff yet (availability tests add them).
    public static func availability(_ client: any TestClientProtocol, _ host: some StudioHost, minutes: Int = 60, breakMinutes: Int = 0)
        async throws -> StudioWorld
    {
        try await scheduling(client, host).withService(.manicure(minutes: minutes, breakMinutes: breakMinutes))
    }

    /// For the slot cache tests: Anna works 10:00–13:00 every day at the default location
    /// (09:00–21:00) and performs the 60-minute service; one client to book.
    public static func slotCache(_ client: any TestClientProtocol, _ host: some StudioHost) async throws -> StudioWorld {
        try await availability(client, host).withStaff("Anna", hours: [["10:00", "13:00"]]).withClient("Olga")
    }

    /// A client with an issued invoice of `total` (one free-text item), ready to pay.
    public static func payment(_ client: any TestClientProtocol, _ host: some StudioHost, total: String = "1000.00") async throws -> StudioWorld {
        try await studio(client, host).withClient("Olga Payer").withInvoice(total: total)
    }
}

// Booking bodies.
extension StudioWorld {
    /// `2026-06-02T<time>:00` (London summer time, +01:00).
    public static func tomorrow(at time: String) -> String { "2026-06-02T\(time):00" }

    /// A booking of the world's client, service and staff at `time` (`HH:MM`) on `date` (tomorrow
    /// unless given); any of them can be swapped.
    public func body(
        at time: String, on date: String = "2026-06-02", staffId: String? = nil, roomId: String? = nil, serviceId: String? = nil,
        clientId: String? = nil, notes: String? = nil, source: String? = nil
    ) -> NewAppointment {
        NewAppointment(
            clientId: clientId ?? self.clientId, serviceId: serviceId ?? self.serviceId, staffId: staffId ?? self.staffId,
            startsAt: "\(date)T\(time):00", roomId: roomId, notes: notes, source: source)
    }
}
