import CRMCore
import Foundation
import Booking
import Catalog
import Clients
import Messaging
import SQLKit
import Tenancy

/// The button presses: choosing, confirming, the client's own appointments.
extension TelegramBotTurn {
    /// Days listed per screen; "Later" pages on through the storefront's horizon.
    static let daysPerScreen = 8

    mutating func pressed(_ callback: TelegramUpdate.Callback) async throws {
        guard let button = TelegramBotButton(data: callback.data) else { return try await commit([], state: state) }
        guard client != nil else {
            state = TelegramBotState(step: .contact, flow: TelegramBotState.newFlow())
            return try await commit(
                [.send(chat: chat, text: text("ask_contact", ["studio": tenant.name]), markup: TelegramKeyboard.contactRequest(text("contact_button")))],
                state: state)
        }
        if !button.startsFlow, button.flow != state.flow || state.step == .done {
            return try await commit([show(text("stale"), menuRows)], state: state)
        }
        switch button.verb {
        case .menu:
            state = .fresh()
            try await commit([show(text("menu"), menuRows)], state: state)
        case .book:
            state = .fresh()
            state.step = .choosing
            try await commit([try await servicesScreen()], state: state)
        case .mine:
            state = .fresh()
            try await commit([try await mineScreen()], state: state)
        case .service:
            guard let id = button.argument.flatMap(ServiceID.init(string:)), let service = try? await storefront.bookableService(id, tenant: tenant) else {
                return try await commit([try await servicesScreen()], state: state)
            }
            state.serviceId = service.id
            state.staffId = nil
            state.step = .choosing
            let staff = try await storefront.staff(for: service, tenant: tenant)
            if staff.count == 1 { state.staffId = staff[0].id }
            try await commit([staff.count > 1 ? staffScreen(service, staff) : try await daysScreen(from: nil)], state: state)
        case .staff:
            state.staffId = button.argument.flatMap(StaffID.init(string:))
            try await commit([try await daysScreen(from: nil)], state: state)
        case .days:
            try await commit([try await daysScreen(from: button.argument.flatMap(LocalDate.init(iso:)))], state: state)
        case .day:
            guard let date = button.argument.flatMap(LocalDate.init(iso:)) else { return try await commit([], state: state) }
            state.step = .choosing
            try await commit([try await startsScreen(date)], state: state)
        case .start:
            guard let seconds = button.argument.flatMap(TimeInterval.init) else { return try await commit([], state: state) }
            state.startsAt = Date(timeIntervalSince1970: seconds)
            state.step = .confirm
            try await commit([try await confirmScreen()], state: state)
        case .confirm:
            guard state.step == .confirm else { return try await commit([show(text("stale"), menuRows)], state: state) }
            if state.appointmentId != nil { try await moveConfirmed() } else { try await book() }
        case .askCancel:
            try await askCancel(button.argument.flatMap(AppointmentID.init(string:)))
        case .cancel:
            try await cancelConfirmed(button.argument.flatMap(AppointmentID.init(string:)))
        case .offerAccept, .offerDecline:
            try await answerOffer(button.argument.flatMap(WaitlistOfferID.init(string:)), accept: button.verb == .offerAccept)
        case .move:
            guard let appointment = try await own(button.argument.flatMap(AppointmentID.init(string:))) else {
                return try await commit([show(text("not_changeable"), menuRows)], state: state)
            }
            state = .fresh()
            state.step = .choosing
            state.appointmentId = appointment.id
            state.serviceId = appointment.serviceId
            state.staffId = appointment.staffId
            try await commit([try await daysScreen(from: nil)], state: state)
        }
    }

    var menuRows: [[TelegramKeyboard.Button]] {
        var rows: [[TelegramKeyboard.Button]] = [
            [.init(text: text("menu.book"), data: TelegramBotButton(flow: state.flow, .book).data)],
            [.init(text: text("menu.mine"), data: TelegramBotButton(flow: state.flow, .mine).data)],
        ]
        // The same booking as a page inside Telegram, where the installation is on HTTPS.
        if let app = storefront.links.miniAppURL(slug: tenant.slug) { rows.append([.init(text: text("open_app"), webApp: app)]) }
        return rows
    }

    func button(_ label: String, _ verb: TelegramBotButton.Verb, _ argument: String? = nil) -> TelegramKeyboard.Button {
        .init(text: label, data: TelegramBotButton(flow: state.flow, verb, argument).data)
    }

    // MARK: Screens

    func servicesScreen() async throws -> TelegramBotCall {
        let services = try await storefront.catalog(tenant).bookableServices()
        guard !services.isEmpty else { return show(text("no_services"), menuRows) }
        let rows = services.prefix(40).map { [button("\($0.name) · \(money($0.basePrice))", .service, $0.id.description)] }
        return show(text("pick_service"), rows + [[button(text("back"), .menu)]])
    }

    func staffScreen(_ service: StudioService, _ staff: [StaffMember]) -> TelegramBotCall {
        let rows = [[button(text("any_staff"), .staff)]] + staff.map { [button($0.name, .staff, $0.id.description)] }
        return show(text("pick_staff", ["service": service.name]), rows + [[button(text("back"), .book)]])
    }

    /// The next days with an offered start, from `from` (today when nil).
    func daysScreen(from: LocalDate?) async throws -> TelegramBotCall {
        guard let serviceId = state.serviceId, let service = try? await storefront.bookableService(serviceId, tenant: tenant) else {
            return try await servicesScreen()
        }
        let zone = StorefrontService.zone(tenant)
        let today = TenantTime.localDate(of: now, in: zone)
        let first = max(from ?? today, today)
        let remaining = StorefrontService.horizonDays - (first.daysSinceEpoch - today.daysSinceEpoch)
        let offered = remaining > 0
            ? try await storefront.starts(service: service, staffId: state.staffId, first: first, days: remaining, tenant: tenant, now: now)
                .filter { !$0.starts.isEmpty } : []
        let back = state.appointmentId == nil ? button(text("back"), .book) : button(text("back"), .mine)
        guard !offered.isEmpty else { return show(text("no_days", ["service": service.name]), [[back]]) }
        var rows = offered.prefix(Self.daysPerScreen).map { [button(dayLabel($0.date), .day, $0.date.description)] }
        if offered.count > Self.daysPerScreen { rows.append([button(text("later"), .days, offered[Self.daysPerScreen].date.description)]) }
        let title = state.appointmentId == nil ? "pick_day" : "move_pick_day"
        return show(text(title, ["service": service.name]), rows + [[back]])
    }

    func startsScreen(_ date: LocalDate) async throws -> TelegramBotCall {
        guard let serviceId = state.serviceId, let service = try? await storefront.bookableService(serviceId, tenant: tenant) else {
            return try await servicesScreen()
        }
        let day = try await storefront.starts(service: service, staffId: state.staffId, first: date, days: 1, tenant: tenant, now: now)
        let starts = day.flatMap(\.starts).map(\.at)
        let back = button(text("back_days"), .days)
        guard !starts.isEmpty else { return show(text("day_full"), [[back]]) }
        var rows: [[TelegramKeyboard.Button]] = []
        for chunk in stride(from: 0, to: min(starts.count, 48), by: 4) {
            rows.append(starts[chunk..<min(chunk + 4, starts.count)].map { button(time($0), .start, String(Int($0.timeIntervalSince1970))) })
        }
        return show(text("pick_start", ["service": service.name, "date": dayLabel(date)]), rows + [[back]])
    }

    func confirmScreen() async throws -> TelegramBotCall {
        guard let serviceId = state.serviceId, let start = state.startsAt, let service = try? await storefront.bookableService(serviceId, tenant: tenant)
        else { return try await servicesScreen() }
        let staff = try await state.staffId.asyncMap { try await storefront.catalog(tenant).staffMember($0)?.name } ?? nil
        let date = TenantTime.localDate(of: start, in: StorefrontService.zone(tenant))
        let key = state.appointmentId == nil ? "confirm" : "move_confirm"
        let summary = text(
            key, ["service": service.name, "staff": staff ?? text("any_staff"), "when": when(start), "price": money(service.basePrice)])
        return show(summary, [[button(text("confirm_yes"), .confirm)], [button(text("back"), .day, date.description)]])
    }

    func mineScreen() async throws -> TelegramBotCall {
        guard let client else { return show(text("menu"), menuRows) }
        let upcoming = try await AppointmentDirectory(sql: database.sql, tenantId: tenant.id).upcoming(
            of: client, after: now, statuses: Array(StorefrontService.changeable), limit: 10)
        guard !upcoming.isEmpty else { return show(text("mine_none"), menuRows) }
        var lines = [text("mine_title")]
        var rows: [[TelegramKeyboard.Button]] = []
        let names = try await storefront.catalog(tenant).serviceNames(upcoming.map(\.serviceId))
        for appointment in upcoming {
            let label = when(appointment.startsAt)
            lines.append("• \(label) — \(names[appointment.serviceId] ?? "")")
            rows.append([button("↻ \(label)", .move, appointment.id.description), button("✖ \(label)", .askCancel, appointment.id.description)])
        }
        return show(lines.joined(separator: "\n"), rows + [[button(text("back"), .menu)]])
    }

    // MARK: Acting

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

    // MARK: Words

    func refusal(_ error: AppError) -> String {
        let key = "error.\(error.code)"
        let message = bot.catalog.message(key, locale: locale, arguments: error.messageArguments)
        return message == key ? text("failed") : message
    }

    func money(_ amount: Money) -> String { "\(amount) \(tenant.currency)" }

    func formatter(_ template: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: locale == .ru ? "ru_RU" : "en_GB")
        formatter.timeZone = StorefrontService.zone(tenant)
        formatter.setLocalizedDateFormatFromTemplate(template)
        return formatter
    }

    func when(_ date: Date) -> String { formatter("EEEdMMMHHmm").string(from: date) }
    func time(_ date: Date) -> String { formatter("HHmm").string(from: date) }

    func dayLabel(_ date: LocalDate) -> String {
        let noon = TenantTime.startOfDay(date, in: StorefrontService.zone(tenant)).addingTimeInterval(12 * 3600)
        return formatter("EEEdMMM").string(from: noon)
    }
}

/// Telegram's reply markups as the Bot API spells them.
enum TelegramKeyboard {
    struct Button: Sendable {
        var text: String
        var data: String?
        var url: String?
        var webApp: String?

        init(text: String, data: String) {
            self.text = text
            self.data = data
        }

        init(text: String, url: String) {
            self.text = text
            self.url = url
        }

        /// Opens the studio's Mini App inside Telegram.
        init(text: String, webApp: String) {
            self.text = text
            self.webApp = webApp
        }

        var json: JSONValue {
            var object: [String: JSONValue] = ["text": .string(text)]
            if let webApp { object["web_app"] = .object(["url": .string(webApp)]) } else if let url { object["url"] = .string(url) } else if let data { object["callback_data"] = .string(data) }
            return .object(object)
        }
    }

    static func inline(_ rows: [[Button]]) -> JSONValue {
        .object(["inline_keyboard": .array(rows.map { .array($0.map(\.json)) })])
    }

    /// The one-time keyboard with Telegram's "share my phone number" button.
    static func contactRequest(_ label: String) -> JSONValue {
        .object([
            "keyboard": .array([.array([.object(["text": .string(label), "request_contact": .bool(true)])])]),
            "one_time_keyboard": .bool(true), "resize_keyboard": .bool(true),
        ])
    }

    static let removeKeyboard = JSONValue.object(["remove_keyboard": .bool(true)])
}
