import CRMCore
import Foundation
import Plans
import SQLKit
import Settings
import Tenancy

/// Sends an offer to the waiting client (the Messaging domain implements it): by the entry's
/// channel, or the client's first reachable one when the entry names none.
public protocol WaitlistOfferNotifier: Sendable {
    func send(_ notice: WaitlistOfferNotice, scope: TenantScope) async throws
}

/// What an offer message says.
public struct WaitlistOfferNotice: Sendable {
    /// The offer (the Telegram buttons answer it by id, for the chat's own client).
    public let offerId: WaitlistOfferID
    public let clientId: CustomerID
    public let appointmentId: AppointmentID
    /// `sms`, `email`, `telegram`; nil: the client's routing.
    public let channel: String?
    public let serviceName: String
    public let startsAt: Date
    public let expiresAt: Date
    /// The offer page (accept / decline).
    public let link: String
}

/// The links of offers: `{offerId}.{signature}` (the studio and the offer signed); only its
/// SHA-256 is stored, the lookup key of the public routes.
public struct WaitlistOfferLinks: Sendable {
    let signer: LinkSigner
    let publicBaseURL: String

    public init(secretKey: String, publicBaseURL: String) {
        signer = LinkSigner(secretKey: secretKey, purpose: "waitlist-offers")
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
    }

    public func token(tenantId: TenantID, offer: WaitlistOfferID) -> String { "\(offer).\(signer.signature("\(tenantId):\(offer)"))" }

    public func url(slug: String, token: String) -> String { "\(publicBaseURL)/book/\(slug)/offer/\(token)" }

    /// The offer a genuine token names; nil for anything else.
    func offer(in token: String, tenantId: TenantID) -> WaitlistOfferID? {
        let parts = token.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = WaitlistOfferID(string: parts[0]), signer.verify(parts[1], "\(tenantId):\(id)") else { return nil }
        return id
    }
}

/// Automatic offers of a freed time (`calendar.autofill`, SPEC §5). A cancelled or moved future
/// booking (seen by the outbox publisher) enqueues `waitlist.offer_next` for its freed interval;
/// that job holds the time for the best waiting client — a pending appointment (source `waitlist`)
/// made through the booking path, so the slot engine shows the time busy — records the offer,
/// marks her entry `offered`, and enqueues the message and the expiry (`waitlist.offer_expire`,
/// run at the offer's end), all in the hold's transaction. Decline or expiry lets the hold go and
/// enqueues the next step of the chain; accept turns the hold into her booking.
public struct WaitlistAutofill: Sendable {
    let waitlist: WaitlistService
    let links: WaitlistOfferLinks
    let notifier: (any WaitlistOfferNotifier)?

    public init(waitlist: WaitlistService, links: WaitlistOfferLinks, notifier: (any WaitlistOfferNotifier)?) {
        self.waitlist = waitlist
        self.links = links
        self.notifier = notifier
    }

    var database: Database { waitlist.database }
    var appointments: AppointmentsService { waitlist.appointments }

    public static let nextKind = "waitlist.offer_next"
    public static let expireKind = "waitlist.offer_expire"
    public static let sendKind = "waitlist.offer_send"
    /// A time starting sooner than this is not offered (nobody could come).
    static let minimumLead: TimeInterval = 15 * 60
    /// Reasons of the holds' own status changes: they never start a chain of their own.
    static let declinedReason = "waitlist_offer_declined"
    static let expiredReason = "waitlist_offer_expired"

    public func register(in handlers: JobHandlers) {
        handlers.register(Self.nextKind) { try await next($0) }
        handlers.register(Self.expireKind) { try await expire($0) }
        handlers.register(Self.sendKind) { try await send($0) }
    }

    /// The outbox subscriber that starts chains.
    public var subscriber: some DomainEventSubscriber { WaitlistFreedTime() }

    // MARK: Jobs

    struct Step {
        let tenant: Tenant
        let chainId: UUID
        let source: AppointmentID
        let staffId: StaffID
        let start: Date
        let end: Date
    }

    static func payload(_ step: (tenantId: TenantID, chainId: UUID, source: AppointmentID, staff: StaffID, start: Date, end: Date)) -> JSONValue {
        .object([
            "tenantId": .string(step.tenantId.description), "chainId": .string(step.chainId.uuidString.lowercased()),
            "appointmentId": .string(step.source.description), "staffId": .string(step.staff.description),
            "startsAt": .string(Appointment.instant(step.start)), "endsAt": .string(Appointment.instant(step.end)),
        ])
    }

    /// Enqueues the next step of a chain (on the caller's transaction); `done` offers so far.
    static func enqueueNext(
        tenantId: TenantID, chainId: UUID, source: AppointmentID, staff: StaffID, start: Date, end: Date, done: Int, now: Date,
        on sql: any SQLDatabase
    ) async throws {
        try await Jobs.enqueue(
            NewJob(
                kind: nextKind, queue: .critical, payload: payload((tenantId, chainId, source, staff, start, end)), tenantId: tenantId,
                uniqueKey: "\(nextKind):\(chainId.uuidString.lowercased()):\(done)"), at: now, on: sql)
    }

    static func string(_ payload: JSONValue, _ key: String) -> String? {
        if case .object(let object) = payload, case .string(let text) = object[key] { return text }
        return nil
    }

    static func instant(_ text: String?) -> Date? {
        text.flatMap { try? TenantTime.parseISO($0, in: TimeZone(identifier: "UTC")!) }
    }

    func step(of job: JobContext) async throws -> Step? {
        let payload = job.job.payload
        guard let tenantId = Self.string(payload, "tenantId").flatMap(TenantID.init(string:)),
            let chainId = Self.string(payload, "chainId").flatMap(UUID.init(uuidString:)),
            let source = Self.string(payload, "appointmentId").flatMap(AppointmentID.init(string:)),
            let staffId = Self.string(payload, "staffId").flatMap(StaffID.init(string:)),
            let start = Self.instant(Self.string(payload, "startsAt")), let end = Self.instant(Self.string(payload, "endsAt"))
        else { throw PermanentJobFailure("malformed waitlist job payload") }
        guard let tenant = try await TenantRecords.find(tenantId, on: database.sql) else { return nil }
        return Step(tenant: tenant, chainId: chainId, source: source, staffId: staffId, start: start, end: end)
    }

    /// `waitlist.offer_next`: the freed time to the best candidate not yet asked in this chain.
    /// Nothing when the chain has a live or accepted offer, the studio switched autofill off, the
    /// time is too close, or nobody is left: the time is simply free.
    func next(_ job: JobContext) async throws {
        guard let step = try await step(of: job) else { return }
        let scope = job.scope(for: step.tenant)
        let now = scope.clock.now()
        let offers = WaitlistOffersRepository(sql: database.sql, tenantId: step.tenant.id)
        // A booking freed by the desk cancelling a live hold: that offer is withdrawn, no chain starts.
        if let live = try await offers.live(holding: step.source) {
            try await withdraw(live, scope: scope)
            return
        }
        guard step.tenant.plan.includes(.calendarAutofill) else { return }
        let settings = try await WaitlistSettings.read(tenantId: step.tenant.id, on: database.sql)
        guard settings.autofill, step.start.timeIntervalSince(now) >= Self.minimumLead else { return }
        let chain = try await offers.chain(step.chainId)
        guard !chain.contains(where: { $0.status == .offered || $0.status == .accepted }) else { return }
        let asked = Set(chain.map(\.entryId))
        let ranked: [(WaitlistEntry, Int, [WaitlistRanking.Part])]
        do {
            ranked = try await waitlist.match(staff: step.staffId, from: step.start, to: step.end, scope: scope)
        } catch let error as AppError where error.status == .badRequest {
            return  // the staff member left, or the interval no longer makes sense
        }
        let expiresAt = min(now.addingTimeInterval(TimeInterval(settings.offerMinutes * 60)), step.start)
        for (entry, score, _) in ranked where !asked.contains(entry.id) {
            do {
                try await hold(entry, score: score, rank: chain.count + 1, step: step, expiresAt: expiresAt, scope: scope)
                return
            } catch let error as AppError where error.code == "slot_taken" {
                return  // someone booked the time meanwhile: nothing left to offer
            } catch let error as AppError where error.status == .badRequest || error.code == "waitlist_entry_closed" {
                continue  // this candidate cannot be booked (archived, changed): the next one
            }
        }
    }

    /// Holds the freed time for `entry`: the pending appointment, the offer, her entry `offered`,
    /// the message and the expiry — one transaction (the booking's admission hook).
    func hold(_ entry: WaitlistEntry, score: Int, rank: Int, step: Step, expiresAt: Date, scope: TenantScope) async throws {
        let tenant = step.tenant
        let offerId = WaitlistOfferID.random()
        let token = links.token(tenantId: tenant.id, offer: offerId)
        var input = AppointmentInput.booking(
            client: entry.clientId, service: entry.serviceId, staff: step.staffId, startsAt: step.start, source: .waitlist)
        input.admission = { sql, held in
            let now = held.createdAt
            let offer = WaitlistOffer(
                id: offerId, chainId: step.chainId, entryId: entry.id, clientId: entry.clientId, appointmentId: held.id,
                sourceAppointmentId: step.source,
                staffId: step.staffId, freedStartsAt: step.start, freedEndsAt: step.end, rank: rank, score: score, status: .offered,
                tokenHash: SecretToken.hash(token), channel: entry.channel, expiresAt: expiresAt, answeredAt: nil, createdAt: now, updatedAt: now)
            var after = entry
            after.status = .offered
            after.updatedAt = now
            guard try await WaitlistRepository(sql: sql, tenantId: tenant.id).update(after, expected: .active) else {
                throw AppError.conflict("waitlist_entry_closed")
            }
            try await WaitlistOffersRepository(sql: sql, tenantId: tenant.id).insert(offer)
            let target: JSONValue = .object(["tenantId": .string(tenant.id.description), "offerId": .string(offerId.description)])
            try await Jobs.enqueue(
                NewJob(kind: Self.sendKind, queue: .critical, payload: target, tenantId: tenant.id, uniqueKey: "\(Self.sendKind):\(offerId)"),
                at: now,
                on: sql)
            try await Jobs.enqueue(
                NewJob(
                    kind: Self.expireKind, queue: .critical, payload: target, tenantId: tenant.id, runAt: expiresAt,
                    uniqueKey: "\(Self.expireKind):\(offerId)"), at: now, on: sql)
            return [
                WaitlistOffer.record("waitlist_offer.offered", offer, before: nil),
                WaitlistService.record("waitlist_entry.offered", after, before: entry),
            ]
        }
        _ = try await appointments.create(input, scope: scope)
    }

    func offer(of job: JobContext) async throws -> (Tenant, WaitlistOffer)? {
        guard let tenantId = Self.string(job.job.payload, "tenantId").flatMap(TenantID.init(string:)),
            let id = Self.string(job.job.payload, "offerId").flatMap(WaitlistOfferID.init(string:))
        else { throw PermanentJobFailure("malformed waitlist offer job payload") }
        guard let tenant = try await TenantRecords.find(tenantId, on: database.sql),
            let offer = try await WaitlistOffersRepository(sql: database.sql, tenantId: tenantId).find(id)
        else { return nil }
        return (tenant, offer)
    }

    /// `waitlist.offer_send`: the offer's message with its link (only while the offer is live).
    func send(_ job: JobContext) async throws {
        guard let (tenant, offer) = try await offer(of: job), offer.status == .offered, let notifier else { return }
        let scope = job.scope(for: tenant)
        guard let held = try await AppointmentDirectory(sql: database.sql, tenantId: tenant.id).appointment(offer.appointmentId) else { return }
        let service = try await AppointmentDirectory(sql: database.sql, tenantId: tenant.id).serviceName(held.serviceId) ?? ""
        let link = links.url(slug: tenant.slug, token: links.token(tenantId: tenant.id, offer: offer.id))
        do {
            try await notifier.send(
                WaitlistOfferNotice(
                    offerId: offer.id, clientId: offer.clientId, appointmentId: held.id, channel: offer.channel, serviceName: service, startsAt: held.startsAt,
                    expiresAt: offer.expiresAt, link: link), scope: scope)
        } catch let error as AppError where error.status == .badRequest {
            // No channel reaches her: the offer stands (the desk sees it on the card) until it expires.
            scope.logger.warning("waitlist offer not sent", metadata: ["offer": "\(offer.id)", "code": "\(error.code)"])
        }
    }

    /// `waitlist.offer_expire`: at its end a live offer expires, the hold is let go and the next asked.
    func expire(_ job: JobContext) async throws {
        guard let (tenant, offer) = try await offer(of: job), offer.status == .offered else { return }
        let scope = job.scope(for: tenant)
        // Run early (a clock skew between processes): retried later.
        guard offer.expiresAt <= scope.clock.now() else { throw NotDueYet() }
        _ = try await close(offer, as: .expired, scope: scope)
    }
}

struct NotDueYet: Error {}
