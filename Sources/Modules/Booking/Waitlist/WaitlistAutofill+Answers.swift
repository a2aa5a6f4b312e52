import CRMCore
import Foundation
import SQLKit
import Tenancy
import Catalog

/// The answers to an offer: accept (the hold becomes her booking), decline and expiry (the hold
/// is let go, the next candidate asked), and the studio withdrawing it (the hold cancelled from
/// the calendar). Each is one transaction with its audit entries, events and next job.
extension WaitlistAutofill {
    /// What the offer page shows.
    public struct OfferView: Sendable {
        public let offer: WaitlistOffer
        public let appointment: Appointment
        public let serviceName: String
        public let staffName: String
        /// `offered` past its end reads `expired` (the expiry job may not have run yet).
        public let status: WaitlistOffer.Status
    }

    /// The offer behind a link of `tenant`; a wrong, foreign or unknown token is 404.
    public func view(token: String, tenant: Tenant, now: Date) async throws -> OfferView {
        let offer = try await find(token: token, tenant: tenant)
        let directory = AppointmentDirectory(sql: database.sql, tenantId: tenant.id)
        guard let held = try await directory.appointment(offer.appointmentId) else { throw AppError.notFound() }
        let catalog = CatalogDirectory(sql: database.sql, tenantId: tenant.id)
        let status: WaitlistOffer.Status = offer.status == .offered && offer.expiresAt <= now ? .expired : offer.status
        return OfferView(
            offer: offer, appointment: held, serviceName: try await directory.serviceName(held.serviceId) ?? "",
            staffName: try await catalog.staffMember(held.staffId)?.name ?? "", status: status)
    }

    func find(token: String, tenant: Tenant) async throws -> WaitlistOffer {
        guard let id = links.offer(in: token, tenantId: tenant.id),
            let offer = try await WaitlistOffersRepository(sql: database.sql, tenantId: tenant.id).find(tokenHash: SecretToken.hash(token)),
            offer.id == id
        else { throw AppError.notFound() }
        return offer
    }

    /// Answers an offer by its token — the public page's buttons, and the Telegram bot's inline
    /// buttons (`scope`: the client acting through that channel). Accepting books her (the held
    /// appointment, confirmed); declining lets the time go to the next candidate. A closed offer
    /// is `409 offer_closed`, one past its end `409 offer_expired`; nothing is written then.
    public func respond(token: String, accept: Bool, scope: TenantScope) async throws -> WaitlistOffer {
        let offer = try await find(token: token, tenant: scope.tenant)
        return accept ? try await self.accept(offer, scope: scope) : try await close(offer, as: .declined, scope: scope)
    }

    /// Answers an offer by its id for the client it was made to — the bot's inline buttons, where
    /// the chat proves the client; anyone else's offer (or an unknown id) is 404 and nothing changes.
    public func respond(offer id: WaitlistOfferID, client: CustomerID, accept: Bool, scope: TenantScope) async throws -> WaitlistOffer {
        guard let offer = try await WaitlistOffersRepository(sql: database.sql, tenantId: scope.tenantId).find(id), offer.clientId == client else {
            throw AppError.notFound()
        }
        return accept ? try await self.accept(offer, scope: scope) : try await close(offer, as: .declined, scope: scope)
    }

    static func refusal(_ offer: WaitlistOffer, now: Date) -> AppError? {
        if offer.status != .offered {
            return offer.status == .expired
                ? AppError.conflict("offer_expired") : AppError.conflict("offer_closed", details: ["status": .string(offer.status.rawValue)])
        }
        return offer.expiresAt <= now ? AppError.conflict("offer_expired") : nil
    }

    /// The hold becomes her booking (`pending` → `confirmed`; a hold waiting for a deposit stays
    /// so, the deposit still due); the offer is accepted and her entry booked — or nothing is.
    func accept(_ offer: WaitlistOffer, scope: TenantScope) async throws -> WaitlistOffer {
        let now = scope.clock.now()
        if let refusal = Self.refusal(offer, now: now) { throw refusal }
        let transitions = appointments.transitions
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            let repository = WaitlistOffersRepository(sql: sql, tenantId: scope.tenantId)
            var after = offer
            after.status = .accepted
            after.answeredAt = now
            after.updatedAt = now
            // Guarded: the expiry job or a second tap loses here, with nothing written.
            guard try await repository.close(after) else {
                throw Self.refusal(try await repository.find(offer.id) ?? offer, now: now) ?? AppError.conflict("offer_closed")
            }
            var records = [WaitlistOffer.record("waitlist_offer.accepted", after, before: offer)]
            guard let held = try await AppointmentDirectory(sql: sql, tenantId: scope.tenantId).appointment(offer.appointmentId),
                held.status.holdsTime
            else { throw AppError.conflict("offer_closed") }
            if held.status == .pending {
                records += try await transitions.move(held.id, to: .confirmed, reason: "waitlist_offer_accepted", scope: scope, at: now, on: sql)
                    .records
            }
            let entries = WaitlistRepository(sql: sql, tenantId: scope.tenantId)
            guard let entry = try await entries.find(offer.entryId) else { throw AppError.notFound() }
            var booked = entry
            booked.status = .booked
            booked.appointmentId = held.id
            booked.updatedAt = now
            guard try await entries.update(booked, expected: .offered) else { throw AppError.conflict("waitlist_entry_closed") }
            records.append(WaitlistService.record("waitlist_entry.booked", booked, before: entry))
            return (after, records)
        }
    }

    /// Declined or expired: the hold is let go (cancelled, or expired), her entry waits again for
    /// other times, and the next candidate of the chain is asked.
    func close(_ offer: WaitlistOffer, as status: WaitlistOffer.Status, scope: TenantScope) async throws -> WaitlistOffer {
        let now = scope.clock.now()
        if status == .declined, let refusal = Self.refusal(offer, now: now) { throw refusal }
        let transitions = appointments.transitions
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            var after = offer
            after.status = status
            after.answeredAt = status == .declined ? now : nil
            after.updatedAt = now
            guard try await WaitlistOffersRepository(sql: sql, tenantId: scope.tenantId).close(after) else {
                throw AppError.conflict("offer_closed")
            }
            var records = [WaitlistOffer.record("waitlist_offer.\(status.rawValue)", after, before: offer)]
            let (target, reason) = status == .declined ? (AppointmentStatus.cancelled, Self.declinedReason) : (.expired, Self.expiredReason)
            if let moved = try await transitions.moveIfAllowed(offer.appointmentId, to: target, reason: reason, scope: scope, at: now, on: sql) {
                records += moved.records
            }
            records += try await Self.release(offer.entryId, now: now, on: sql, tenantId: scope.tenantId)
            let done = try await WaitlistOffersRepository(sql: sql, tenantId: scope.tenantId).chain(offer.chainId).count
            try await Self.enqueueNext(
                tenantId: scope.tenantId, chainId: offer.chainId, source: offer.sourceAppointmentId, staff: offer.staffId, start: offer.freedStartsAt,
                end: offer.freedEndsAt, done: done, now: now, on: sql)
            return (after, records)
        }
    }

    /// The studio cancelled a live hold itself: the offer is withdrawn and her entry waits again;
    /// nobody else is asked (the studio took the time back).
    func withdraw(_ offer: WaitlistOffer, scope: TenantScope) async throws {
        let now = scope.clock.now()
        try await database.mutate(by: scope.auditActor, at: now) { sql in
            var after = offer
            after.status = .withdrawn
            after.updatedAt = now
            guard try await WaitlistOffersRepository(sql: sql, tenantId: scope.tenantId).close(after) else { return ((), []) }
            let released = try await Self.release(offer.entryId, now: now, on: sql, tenantId: scope.tenantId)
            return ((), [WaitlistOffer.record("waitlist_offer.withdrawn", after, before: offer)] + released)
        }
    }

    /// Her entry, `offered`, is `active` again (unless it was closed meanwhile).
    static func release(_ id: WaitlistEntryID, now: Date, on sql: any SQLDatabase, tenantId: TenantID) async throws -> [MutationRecord] {
        let entries = WaitlistRepository(sql: sql, tenantId: tenantId)
        guard let entry = try await entries.find(id), entry.status == .offered else { return [] }
        var after = entry
        after.status = .active
        after.updatedAt = now
        guard try await entries.update(after, expected: .offered) else { return [] }
        return [WaitlistService.record("waitlist_entry.waiting_again", after, before: entry)]
    }

    /// The offer chains an appointment is part of (the freed booking's, or its own as a hold).
    func chain(touching appointment: AppointmentID, scope: TenantScope) async throws -> [WaitlistOffer] {
        _ = try await appointments.appointment(appointment, scope)
        return try await WaitlistOffersRepository(sql: database.sql, tenantId: scope.tenantId).touching(appointment)
    }
}
