import CRMCore
import Foundation

/// One automatic offer of a freed time (`calendar.autofill`): the time held for one waiting
/// client by a pending appointment (`appointmentId`, source `waitlist`) until `expiresAt`.
/// Offers of one freed time form a chain (`chainId`), ranked 1, 2, … down the list.
public struct WaitlistOffer: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Waiting for her answer; the time is held.
        case offered
        /// She took it: the held appointment is her booking.
        case accepted
        /// She said no, or the offer ran out: the hold was let go and the next was asked.
        case declined, expired
        /// The studio took the time back (the hold was cancelled from the calendar).
        case withdrawn
    }

    public let id: WaitlistOfferID
    public let chainId: UUID
    public let entryId: WaitlistEntryID
    public let clientId: CustomerID
    /// The held appointment.
    public let appointmentId: AppointmentID
    /// The booking whose cancellation or move freed the time.
    public let sourceAppointmentId: AppointmentID
    public let staffId: StaffID
    public let freedStartsAt: Date
    public let freedEndsAt: Date
    /// 1 for the first offer of the chain, 2 for the next, …
    public let rank: Int
    public let score: Int
    public var status: Status
    public let tokenHash: String
    public let channel: String?
    public let expiresAt: Date
    public var answeredAt: Date?
    public let createdAt: Date
    public var updatedAt: Date

    var auditSnapshot: JSONValue {
        .object([
            "chainId": .string(chainId.uuidString.lowercased()), "entryId": .string(entryId.description), "clientId": .string(clientId.description),
            "appointmentId": .string(appointmentId.description), "sourceAppointmentId": .string(sourceAppointmentId.description),
            "staffId": .string(staffId.description), "freedStartsAt": .string(Appointment.instant(freedStartsAt)),
            "freedEndsAt": .string(Appointment.instant(freedEndsAt)), "rank": .int(Int64(rank)), "score": .int(Int64(score)),
            "status": .string(status.rawValue), "expiresAt": .string(Appointment.instant(expiresAt)),
        ])
    }

    static func record(_ action: String, _ offer: WaitlistOffer, before: WaitlistOffer?) -> MutationRecord {
        MutationRecord(
            action: action, entityType: "waitlist_offer", entityId: offer.id.description, before: before?.auditSnapshot, after: offer.auditSnapshot)
    }
}

public enum WaitlistOfferEntity {}
/// An automatic offer of a freed time to one waiting client.
public typealias WaitlistOfferID = TypedID<WaitlistOfferEntity>
