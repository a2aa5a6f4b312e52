import CRMCore
import Foundation
import Hummingbird
import Booking
import Tenancy

/// `/api/v1/public/{tenantSlug}/offers/{token}` (public): the waitlist offer behind its link —
/// the held time, until when, and the answer (`POST …/accept`, `POST …/decline`). A wrong,
/// foreign or unknown token is 404; an offer past its end is `409 offer_expired`, an answered
/// one `409 offer_closed`, with nothing written.
public struct StorefrontOffersController: Sendable {
    let storefront: StorefrontService
    let autofill: WaitlistAutofill
    let manageLinks: ManageLinks

    public init(storefront: StorefrontService, autofill: WaitlistAutofill, manageLinks: ManageLinks) {
        self.storefront = storefront
        self.autofill = autofill
        self.manageLinks = manageLinks
    }

    public func addRoutes(public group: RouterGroup<APIRequestContext>) {
        group.get("public/{tenantSlug}/offers/{token}", use: show)
        group.post("public/{tenantSlug}/offers/{token}/accept", use: accept)
        group.post("public/{tenantSlug}/offers/{token}/decline", use: decline)
    }

    struct OfferDTO: ResponseEncodable, Sendable {
        let status: String
        let serviceName: String
        let staffName: String
        let startsAt: String
        let endsAt: String
        let expiresAt: String
        /// The booking's own page, once she accepted.
        let manageUrl: String?
    }

    func answer(_ request: Request, _ context: APIRequestContext) async throws -> (Tenant, String) {
        let tenant = try await storefront.studio(context.parameters.get("tenantSlug") ?? "")
        return (tenant, context.parameters.get("token") ?? "")
    }

    func dto(_ tenant: Tenant, token: String, now: Date) async throws -> OfferDTO {
        let view = try await autofill.view(token: token, tenant: tenant, now: now)
        let zone = StorefrontService.zone(tenant)
        let held = view.appointment
        return OfferDTO(
            status: view.status.rawValue, serviceName: view.serviceName, staffName: view.staffName,
            startsAt: TenantTime.formatISO(held.startsAt, in: zone), endsAt: TenantTime.formatISO(held.endsAt, in: zone),
            expiresAt: TenantTime.formatISO(view.offer.expiresAt, in: zone),
            manageUrl: view.status == .accepted
                ? manageLinks.url(slug: tenant.slug, token: manageLinks.token(tenantId: tenant.id, appointment: held.id)) : nil)
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> OfferDTO {
        let (tenant, token) = try await answer(request, context)
        return try await dto(tenant, token: token, now: context.clock.now())
    }

    @Sendable func accept(_ request: Request, context: APIRequestContext) async throws -> OfferDTO {
        try await respond(request, context, accept: true)
    }

    @Sendable func decline(_ request: Request, context: APIRequestContext) async throws -> OfferDTO {
        try await respond(request, context, accept: false)
    }

    func respond(_ request: Request, _ context: APIRequestContext, accept: Bool) async throws -> OfferDTO {
        let (tenant, token) = try await answer(request, context)
        let view = try await autofill.view(token: token, tenant: tenant, now: context.clock.now())
        let scope = TenantScope(
            tenant: tenant, actor: .client(view.offer.clientId, via: "waitlist_offer"), clock: context.clock, correlationId: context.requestId,
            locale: context.locale, remoteAddress: context.remoteAddress, userAgent: request.headers[.userAgent])
        _ = try await autofill.respond(token: token, accept: accept, scope: scope)
        return try await dto(tenant, token: token, now: context.clock.now())
    }
}
