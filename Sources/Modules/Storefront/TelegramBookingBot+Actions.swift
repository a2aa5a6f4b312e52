import CRMCore
import Foundation
import Booking
import Catalog
import Clients
import Messaging
import SQLKit
import Tenancy

/// What the buttons do: book, cancel, move, answer a waitlist offer — each through the owning
/// service, the update taken once.
extension TelegramBotTurn {
    /// Books the confirmed start; with "any" master, the masters offered at that start in order.
    mutating func book() async throws {
        guard let client, let serviceId = state.serviceId, let start = state.startsAt,
            let service = try? await storefront.bookableService(serviceId, tenant: tenant)
        else { return try await commit([try await servicesScreen()], state: state) }
        let date = TenantTime.localDate(of: start, in: StorefrontService.zone(tenant))
        let day = try await storefront.starts(service: service, staffId: state.staffId, first: date, days: 1, tenant: tenant, now: now)
        let candidates = day.flatMap(\.starts).first { $0.at == start }?.staff ?? []
        let (tenantId, chat, updateId, flow, now) = (tenant.id, chat, update.updateId, state.flow, now)
        var spent = state
        spent.step = .done
        let done = spent
        let admission: @Sendable (any SQLDatabase, Appointment) async throws -> [MutationRecord] = { sql, _ in
            guard try await TelegramUpdates.take(updateId, tenant: tenantId, now: now, on: sql) else { throw Replayed() }
            let conversations = TelegramConversationsRepository(sql: sql, tenantId: tenantId)
            try await conversations.lock(chat: chat)
            guard let current = try await conversations.state(chat: chat, now: now), current.flow == flow, current.step == .confirm else {
                throw Replayed()
            }
            try await conversations.save(done, chat: chat, expiresAt: now.addingTimeInterval(TelegramBotState.lifetime), now: now)
            return []
        }
        for staffId in candidates {
            var input = AppointmentInput.booking(client: client, service: service.id, staff: staffId, startsAt: start, source: .telegram)
            input.admission = admission
            do {
                let booked = try await storefront.appointments.create(input, scope: scope)
                state = done
                return try await enqueueOnly(try await bookedMessages(booked, service: service))
            } catch let error as AppError where error.code == "slot_taken" {
                continue
            } catch let error as AppError {
                return try await commit([.send(chat: chat, text: refusal(error)), show(text("menu"), menuRows)], state: state)
            }
        }
        state.step = .choosing
        try await commit([.send(chat: chat, text: text("slot_taken")), try await startsScreenAsNew(date)], state: state)
    }

    /// The time list as a new message (the one the button was on now says what happened).
    func startsScreenAsNew(_ date: LocalDate) async throws -> TelegramBotCall {
        var call = try await startsScreen(date)
        if call.method == "editMessageText", case .object(var params) = call.params {
            params["message_id"] = nil
            call = TelegramBotCall(method: "sendMessage", params: .object(params))
        }
        return call
    }

    func bookedMessages(_ booked: Appointment, service: StudioService) async throws -> [TelegramBotCall] {
        let staff = try await storefront.catalog(tenant).staffMember(booked.staffId)?.name ?? ""
        let token = storefront.links.token(tenantId: tenant.id, appointment: booked.id)
        var links: [[TelegramKeyboard.Button]] = []
        var lines = [text("booked", ["service": service.name, "staff": staff, "when": when(booked.startsAt)])]
        if let pay = try await storefront.appointments.depositPayURL(for: booked.id, tenant: tenant) {
            lines.append(text("deposit", ["amount": booked.depositAmount.map(money) ?? ""]))
            links.append([.init(text: text("pay_button"), url: pay)])
        }
        // Telegram takes only http(s) links to the outside world on URL buttons.
        if case let manage = storefront.links.url(slug: tenant.slug, token: token), manage.hasPrefix("https://") {
            links.append([.init(text: text("manage_button"), url: manage)])
        }
        return [show(lines.joined(separator: "\n\n"), links), .send(chat: chat, text: text("menu"), markup: TelegramKeyboard.inline(menuRows))]
    }

    /// The client's own appointment that may still change; nil for anyone else's.
    func own(_ id: AppointmentID?) async throws -> Appointment? {
        guard let id, let client, let appointment = try await AppointmentDirectory(sql: database.sql, tenantId: tenant.id).appointment(id),
            appointment.clientId == client, StorefrontService.changeable.contains(appointment.status), appointment.startsAt > now
        else { return nil }
        return appointment
    }

    mutating func askCancel(_ id: AppointmentID?) async throws {
        guard let appointment = try await own(id) else { return try await commit([show(text("not_changeable"), menuRows)], state: state) }
        let policy = try await storefront.appointments.cancellationPolicy(scope)
        guard policy.clientsMayCancelOnline else { return try await commit([show(text("cancel_disabled"), menuRows)], state: state) }
        state = .fresh()
        state.step = .cancelling
        state.appointmentId = appointment.id
        let service = try await storefront.catalog(tenant).serviceName(appointment.serviceId) ?? ""
        var lines = [text("cancel_ask", ["service": service, "when": when(appointment.startsAt)])]
        if let fee = storefront.appointments.cancellationFee(of: appointment, policy: policy, now: now), fee > .zero {
            lines.append(text("cancel_fee", ["fee": money(fee), "hours": String(policy.windowHours)]))
        }
        try await commit(
            [show(lines.joined(separator: "\n"), [[button(text("cancel_yes"), .cancel, appointment.id.description)], [button(text("back"), .mine)]])],
            state: state)
    }

    mutating func cancelConfirmed(_ id: AppointmentID?) async throws {
        guard state.step == .cancelling, let id, state.appointmentId == id, let appointment = try await own(id) else {
            return try await commit([show(text("not_changeable"), menuRows)], state: state)
        }
        state.step = .done
        try await claim()
        do {
            _ = try await storefront.appointments.cancel(appointment.id, reason: "cancelled by the client in Telegram", scope: scope)
        } catch let error as AppError {
            return try await enqueueOnly([show(refusal(error), menuRows)])
        }
        let service = try await storefront.catalog(tenant).serviceName(appointment.serviceId) ?? ""
        try await enqueueOnly([show(text("cancelled", ["service": service, "when": when(appointment.startsAt)]), menuRows)])
    }

    mutating func moveConfirmed() async throws {
        guard let id = state.appointmentId, let start = state.startsAt, let appointment = try await own(id),
            let service = try? await storefront.bookableService(appointment.serviceId, tenant: tenant)
        else { return try await commit([show(text("not_changeable"), menuRows)], state: state) }
        guard try await storefront.isOffered(start, service: service, staffId: appointment.staffId, tenant: tenant, now: now) else {
            state.step = .choosing
            return try await commit(
                [.send(chat: chat, text: text("slot_taken")), try await startsScreenAsNew(TenantTime.localDate(of: start, in: scope.timeZone))],
                state: state)
        }
        state.step = .done
        try await claim()
        do {
            let moved = try await storefront.appointments.move(appointment.id, to: start, scope: scope)
            try await enqueueOnly([show(text("moved", ["service": service.name, "when": when(moved.startsAt)]), menuRows)])
        } catch let error as AppError {
            try await enqueueOnly([show(refusal(error), menuRows)])
        }
    }

    /// A waitlist offer's button: the offer must be this chat's client's (a press from anyone
    /// else changes nothing); accepting books the held time, declining passes it on. The offer's
    /// message then says what happened, without its buttons.
    mutating func answerOffer(_ id: WaitlistOfferID?, accept: Bool) async throws {
        guard let id, let client, let autofill = bot.autofill else { return try await commit([show(text("offer_unknown"), [])], state: state) }
        let answer: String
        do {
            let offer = try await autofill.respond(offer: id, client: client, accept: accept, scope: scope)
            let held = try await AppointmentDirectory(sql: database.sql, tenantId: tenant.id).appointment(offer.appointmentId)
            let service = try await held.asyncMap { try await storefront.catalog(tenant).serviceName($0.serviceId) } ?? nil
            answer = accept
                ? text("offer_accepted", ["service": service ?? "", "when": held.map { when($0.startsAt) } ?? ""])
                : text("offer_declined")
        } catch let error as AppError where error.status == .notFound {
            answer = text("offer_unknown")
        } catch let error as AppError {
            answer = refusal(error)
        }
        try await commit([show(answer, [])], state: state)
    }

    /// Takes the update and spends the flow before acting (a cancel or move has no hook in its
    /// own transaction): a second press finds the flow spent; a crash between the two leaves the
    /// booking as it was and the client presses again from the menu.
    func claim() async throws {
        let (tenantId, chat, updateId, flow, now, spent) = (tenant.id, chat, update.updateId, state.flow, now, state)
        try await database.mutate(by: scope.auditActor, at: now) { sql in
            guard try await TelegramUpdates.take(updateId, tenant: tenantId, now: now, on: sql) else { throw Replayed() }
            let conversations = TelegramConversationsRepository(sql: sql, tenantId: tenantId)
            try await conversations.lock(chat: chat)
            guard let current = try await conversations.state(chat: chat, now: now), current.flow == flow, current.step != .done else {
                throw Replayed()
            }
            try await conversations.save(spent, chat: chat, expiresAt: now.addingTimeInterval(TelegramBotState.lifetime), now: now)
            return ((), [])
        }
    }
}
