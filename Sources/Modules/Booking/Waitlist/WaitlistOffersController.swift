import CRMCore
import Foundation
import Hummingbird
import Tenancy
import Clients

/// `GET /appointments/{id}/waitlist-offers`: the automatic offers of the time an appointment
/// freed (or of the offer that holds it), in the order they were made — who was asked, with
/// which score, and what became of it. `appointments.read`, every plan (`calendar`).
public struct WaitlistOffersController: Sendable {
    let autofill: WaitlistAutofill

    public init(autofill: WaitlistAutofill) { self.autofill = autofill }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("appointments/{id}/waitlist-offers", .needs(.appointmentsRead, feature: .calendar), use: list)
    }

    struct OfferDTO: Encodable {
        let id: WaitlistOfferID
        let chainId: String
        let rank: Int
        let score: Int
        let status: String
        let entryId: WaitlistEntryID
        let clientId: CustomerID
        let clientName: String?
        let channel: String?
        let appointmentId: AppointmentID
        let sourceAppointmentId: AppointmentID
        let staffId: StaffID
        let freedStartsAt: String
        let freedEndsAt: String
        let expiresAt: String
        let answeredAt: String?
        let createdAt: String
    }

    struct Chain: ResponseEncodable {
        let items: [OfferDTO]
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Chain {
        let scope = context.scope
        let offers = try await autofill.chain(touching: try context.pathID(as: AppointmentID.self), scope: scope)
        let names = try await ClientDirectory(sql: autofill.database.sql).names(offers.map(\.clientId), tenant: scope.tenantId)
        let zone = context.timeZone
        let now = scope.clock.now()
        return Chain(
            items: offers.map { offer in
                OfferDTO(
                    id: offer.id, chainId: offer.chainId.uuidString.lowercased(), rank: offer.rank, score: offer.score,
                    status: offer.status == .offered && offer.expiresAt <= now ? "expired" : offer.status.rawValue, entryId: offer.entryId,
                    clientId: offer.clientId, clientName: names[offer.clientId], channel: offer.channel, appointmentId: offer.appointmentId,
                    sourceAppointmentId: offer.sourceAppointmentId, staffId: offer.staffId,
                    freedStartsAt: TenantTime.formatISO(offer.freedStartsAt, in: zone),
                    freedEndsAt: TenantTime.formatISO(offer.freedEndsAt, in: zone),
                    expiresAt: TenantTime.formatISO(offer.expiresAt, in: zone),
                    answeredAt: offer.answeredAt.map { TenantTime.formatISO($0, in: zone) },
                    createdAt: TenantTime.formatISO(offer.createdAt, in: zone))
            })
    }
}
