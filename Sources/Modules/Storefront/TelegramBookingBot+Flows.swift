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
        let days = formatter("EEEdMMM")
        var rows = offered.prefix(Self.daysPerScreen).map { [button(dayLabel($0.date, days), .day, $0.date.description)] }
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
        let hours = formatter("HHmm")
        for chunk in stride(from: 0, to: min(starts.count, 48), by: 4) {
            rows.append(starts[chunk..<min(chunk + 4, starts.count)].map { button(hours.string(from: $0), .start, String(Int($0.timeIntervalSince1970))) })
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
    /// A local day by its noon (a DST change at midnight cannot move it to the day before).
    func dayLabel(_ date: LocalDate, _ format: DateFormatter? = nil) -> String {
        let noon = TenantTime.startOfDay(date, in: StorefrontService.zone(tenant)).addingTimeInterval(12 * 3600)
        return (format ?? formatter("EEEdMMM")).string(from: noon)
    }
}
