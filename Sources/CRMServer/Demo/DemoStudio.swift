import CRMCore
import Foundation
import Logging
import Modules
import Plans
import Tenancy

/// The demo studio of `veloria seed-demo`: a studio someone can explore — four staff with their
/// week (each has days off), ten services in four categories, two packages, clients with consents
/// and notes, six weeks of past visits in every closing status and three weeks ahead, invoices
/// with manual payments approved by a manager and a few refunds. Everything is written through
/// the real API in process, with the application's clock walked forward day by day (each day's
/// bookings made the evening before, closed that night), so every row, event, audit entry and
/// figure is one the product itself would write. The same seed gives the same studio.
/// Idempotent: a studio with the slug already there is left as it is.
public struct DemoStudio {
    public struct Options: Sendable {
        public var slug = "demo"
        public var plan = Plan.imperium
        public var locale = AppLocale.ru
        public var seed: UInt64 = 2026
        public var clients = 80
        public var ownerEmail = "owner@demo.veloria.local"
        public var ownerPassword = "veloria-demo"
        public var managerEmail = "manager@demo.veloria.local"
        /// Days of history and of bookings ahead.
        public var pastDays = 42
        public var futureDays = 21

        public init() {}
    }

    struct Report: Sendable {
        var staff = 0
        var services = 0
        var packages = 0
        var clients = 0
        var appointments: [String: Int] = [:]
        var invoices = 0
        var payments = 0
        var refunds = 0
        var discounts = 0
        var wallets = 0
        var walletPayments = 0
        var seconds = 0.0

        var lines: String {
            let statuses = appointments.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return """
                \(staff) staff, \(services) services, \(packages) packages, \(clients) clients
                \(appointments.values.reduce(0, +)) appointments (\(statuses))
                \(invoices) invoices, \(payments) manual payments approved, \(refunds) refunds
                \(discounts) personal discounts, \(wallets) wallets topped up, \(walletPayments) invoices paid from a wallet
                seeded in \(String(format: "%.1f", seconds)) s
                """
        }
    }

    let config: AppConfig
    let dependencies: AppDependencies
    let options: Options

    public init(config: AppConfig, dependencies: AppDependencies, options: Options) {
        self.config = config
        self.dependencies = dependencies
        self.options = options
    }

    /// Answers what was made (or that the studio exists), for the command's output.
    public func seed(now: Date) async throws -> String {
        let database = dependencies.database
        if let existing = try await TenantRecords.find(slug: options.slug, on: database.sql) {
            return "demo studio '\(existing.name)' (\(existing.slug)) already exists; owner login: \(options.ownerEmail)"
        }
        let started = ContinuousClock.now
        let ru = options.locale == .ru
        let zoneName = ru ? "Europe/Moscow" : "Europe/London"
        let zone = TenantTime.zone(named: zoneName)!
        let today = TenantTime.localDate(of: now, in: zone)
        let first = today.adding(days: -options.pastDays)
        func at(_ day: LocalDate, _ time: String) throws -> Date { try TenantTime.parseISO("\(day)T\(time):00", in: zone) }

        // The application as the API serves it, on a clock the seed walks forward.
        let clock = FixedClock(try at(first.adding(days: -2), "09:00"))
        var walked = dependencies
        walked.clock = clock
        let runner = try MigrationRunner(database: database, migrations: MigrationRegistry.all, logger: dependencies.logger)
        // The seed writes weeks of a studio's work in seconds of its clock: no request budget applies.
        var unlimited = config
        unlimited.rateLimits = .off
        let api = InProcessAPI(router: try buildRouter(config: unlimited, dependencies: walked, migrations: runner), logger: dependencies.logger)

        // The studio, its owner, and a manager who approves what the desk records.
        let created = try await TenantProvisioning(
            database: database, defaults: .init(timezone: zoneName, locale: options.locale, currency: ru ? "RUB" : "GBP"),
            bcryptCost: UInt8(config.bcryptCost)
        ).create(
            .init(
                name: ru ? "Студия красоты «Велория»" : "Veloria Beauty Studio", slug: options.slug, ownerName: ru ? "Вера Орлова" : "Vera Orlova",
                ownerEmail: options.ownerEmail, ownerPassword: options.ownerPassword),
            now: clock.now())
        let tenant = created.tenant
        let manager = User(
            id: .random(), tenantId: tenant.id, name: ru ? "Ирина Белова" : "Irene Bell", email: options.managerEmail, phone: nil, role: .manager,
            status: .active, timezone: nil, locale: nil, lastLoginAt: nil, createdAt: clock.now(), updatedAt: clock.now())
        try await UserRepository(sql: database.sql, tenantId: tenant.id).insert(
            manager, passwordHash: try await PasswordPolicy.hash(options.ownerPassword, cost: UInt8(config.bcryptCost)))
        let ownerKey = try await AccessTokenStore(sql: database.sql, tenantId: tenant.id, userId: created.owner.id).create(
            name: "demo seed", expiresAt: nil, now: clock.now())
        let managerKey = try await AccessTokenStore(sql: database.sql, tenantId: tenant.id, userId: manager.id).create(
            name: "demo seed", expiresAt: nil, now: clock.now())
        let owner = ownerKey.secret
        var report = Report()
        var random = DemoRandom(seed: options.seed)

        try await api.ok(.post, "/api/v1/billing/plan", token: owner, json: ["plan": options.plan.rawValue])
        try await api.ok(.put, "/api/v1/settings/cancellation", token: owner, json: ["windowHours": 24, "feeKind": "percent", "feePercent": 50])

        // The catalog.
        var services: [(id: String, price: Int)] = []
        for service in DemoCatalog.services {
            let answer = try await api.ok(
                .post, "/api/v1/services", token: owner,
                json: [
                    "category": ru ? service.category.ru : service.category.en, "name": ru ? service.name.ru : service.name.en,
                    "basePrice": "\(service.price).00", "durationMinutes": service.minutes, "breakMinutes": service.breakMinutes,
                ])
            services.append((answer.id, service.price))
        }
        report.services = services.count
        var staff: [(id: String, services: [Int], days: Set<Int>)] = []
        for member in DemoCatalog.staff {
            let hours = Dictionary(uniqueKeysWithValues: member.days.map { (String($0), [[$0 == 6 ? "10:00" : "09:30", $0 == 6 ? "17:00" : "19:30"]]) })
            let answer = try await api.ok(
                .post, "/api/v1/staff", token: owner,
                json: [
                    "name": ru ? member.ru : member.en, "color": member.color, "schedule": hours,
                    "serviceIds": member.services.map { services[$0].id },
                ])
            staff.append((answer.id, member.services, Set(member.days)))
        }
        report.staff = staff.count
        var packages: [String] = []
        for (name, service, count, price) in [
            (ru ? "5 маникюров" : "5 manicures", 4, 5, 9900), (ru ? "Абонемент на укладки" : "Styling pass", 3, 8, 10_000),
        ] {
            let answer = try await api.ok(
                .post, "/api/v1/service-packages", token: owner,
                json: ["name": name, "price": "\(price).00", "validityDays": 120, "items": [["serviceId": services[service].id, "count": count]]])
            packages.append(answer.id)
        }
        report.packages = packages.count

        // The clients, with consents and notes; a few bought a package.
        var clients: [String] = []
        var walletClients: Set<String> = []
        let names = ru ? (DemoCatalog.firstNames.ru, DemoCatalog.lastNames.ru) : (DemoCatalog.firstNames.en, DemoCatalog.lastNames.en)
        for index in 0..<options.clients {
            var body: [String: Any] = [
                "name": "\(random.pick(names.0)) \(random.pick(names.1))",
                // Unique numbers of the country's mobile plan, for up to 2,000 clients.
                "phone": ru ? String(format: "+7 916 %07d", 1_000_000 + index) : String(format: "+44 7700 9%05d", index),
            ]
            if random.unit() < 0.6 { body["email"] = "client\(index)@example.com" }
            if random.unit() < 0.5 { body["birthday"] = String(format: "%04d-%02d-%02d", 1970 + random.below(35), 1 + random.below(12), 1 + random.below(28)) }
            if random.unit() < 0.2 { body["tags"] = [ru ? "рекомендация" : "referral"] }
            let id = try await api.ok(.post, "/api/v1/clients", token: owner, json: body).id
            clients.append(id)
            try await api.ok(
                .post, "/api/v1/clients/\(id)/consents", token: owner, json: ["kind": "data_processing", "granted": true, "source": "in_person"])
            if random.unit() < 0.55 {
                try await api.ok(
                    .post, "/api/v1/clients/\(id)/consents", token: owner,
                    json: ["kind": random.pick(["marketing_sms", "marketing_email", "marketing_telegram"]), "granted": true, "source": "in_person"])
            }
            if random.unit() < 0.3 {
                try await api.ok(.post, "/api/v1/clients/\(id)/notes", token: owner, json: ["body": random.pick(ru ? DemoCatalog.notes.ru : DemoCatalog.notes.en)])
            }
            if index % 13 == 0 { try await api.ok(.post, "/api/v1/clients/\(id)/packages", token: owner, json: ["packageId": random.pick(packages)]) }
            if index % 17 == 5 {
                try await api.ok(
                    .post, "/api/v1/clients/\(id)/discounts", token: owner,
                    json: ["kind": "percent", "percent": random.pick([5, 10, 15]), "note": ru ? "Постоянная клиентка" : "Loyal client"])
                report.discounts += 1
            }
            if index % 11 == 3 {
                // Money left with the studio: recorded at the desk, approved by the manager.
                let topUp = try await api.ok(
                    .post, "/api/v1/payments/manual", token: owner,
                    json: [
                        "clientId": id, "amount": random.pick(["3000.00", "5000.00", "10000.00"]), "comment": ru ? "Депозит на счёт" : "Prepaid balance",
                        "proof": ["fileName": "receipt.png", "contentType": "image/png", "content": DemoCatalog.receiptPNG],
                    ])
                try await api.ok(.post, "/api/v1/payments/\(topUp.id)/approve", token: managerKey.secret)
                walletClients.insert(id)
                report.wallets += 1
            }
        }
        report.clients = clients.count

        // Day by day: book the evening before, close the visits that night.
        for offset in 0...(options.pastDays + options.futureDays) {
            let day = first.adding(days: offset)
            clock.set(try at(day.adding(days: -1), "19:00"))
            var booked: [(id: String, price: Int, client: String)] = []
            for member in staff where member.days.contains(day.isoWeekday) {
                for start in DemoCatalog.starts where random.unit() < 0.62 {
                    let service = random.pick(member.services)
                    let client = random.pick(clients)
                    let answer = try await api.call(
                        .post, "/api/v1/appointments", token: owner,
                        json: [
                            "clientId": client, "serviceId": services[service].id, "staffId": member.id,
                            "startsAt": "\(day)T\(start):00",
                        ])
                    // A long service can run into the next start: the slot engine says no, as it would at the desk.
                    if answer.status.code == 201 { booked.append((answer.id, services[service].price, client)) }
                }
            }
            let isPast = day < today
            if isPast { clock.set(try at(day, "21:00")) }
            for appointment in booked {
                let roll = random.unit()
                let path = "/api/v1/appointments/\(appointment.id)"
                let outcome: String
                if !isPast {
                    outcome = roll < 0.55 ? "confirmed" : roll < 0.6 ? "cancelled" : "pending"
                    if outcome == "confirmed" { try await api.ok(.post, "\(path)/confirm", token: owner) }
                    if outcome == "cancelled" { try await api.ok(.post, "\(path)/cancel", token: owner) }
                } else if roll < 0.78 {
                    outcome = "completed"
                    for step in ["confirm", "start", "complete"] { try await api.ok(.post, "\(path)/\(step)", token: owner) }
                    try await settle(
                        appointment.id, fromWallet: walletClients.contains(appointment.client), random: &random, api: api, owner: owner,
                        manager: managerKey.secret, report: &report)
                } else if roll < 0.86 {
                    outcome = "no_show"
                    for step in ["confirm", "no-show"] { try await api.ok(.post, "\(path)/\(step)", token: owner) }
                } else if roll < 0.96 {
                    outcome = "cancelled"
                    try await api.ok(.post, "\(path)/cancel", token: owner)
                } else {
                    outcome = "expired"
                    try await api.ok(.post, "\(path)/status", token: owner, json: ["status": "expired", "reason": "not confirmed"])
                }
                report.appointments[outcome, default: 0] += 1
            }
        }

        // Back to the present: tags from the figures the visits kept, and the seed's keys gone.
        clock.set(now)
        if options.plan.includes(.clientsAutotags) { try await api.ok(.post, "/api/v1/clients/autotags/recompute", token: owner) }
        _ = try await AccessTokenStore(sql: database.sql, tenantId: tenant.id, userId: created.owner.id).revoke(id: ownerKey.token.id, now: now)
        _ = try await AccessTokenStore(sql: database.sql, tenantId: tenant.id, userId: manager.id).revoke(id: managerKey.token.id, now: now)
        report.seconds = Double((ContinuousClock.now - started).components.seconds)
            + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
        return """
            created demo studio '\(tenant.name)' (\(tenant.slug)), plan \(options.plan.rawValue), zone \(zoneName)
            owner login: \(options.ownerEmail) / \(options.ownerPassword); manager: \(options.managerEmail) / \(options.ownerPassword)
            \(report.lines)
            """
    }

    /// A completed visit's money: most are invoiced and paid at the desk (recorded by the owner,
    /// approved by the manager) or from the client's wallet while it holds enough; a few get
    /// part of it back. A visit a package covered costs nothing more.
    private func settle(
        _ appointmentId: String, fromWallet: Bool, random: inout DemoRandom, api: InProcessAPI, owner: String, manager: String,
        report: inout Report
    ) async throws {
        guard random.unit() < 0.85 else { return }
        let invoice = try await api.ok(.post, "/api/v1/invoices", token: owner, json: ["appointmentId": appointmentId])
        report.invoices += 1
        guard random.unit() < 0.9, let payable = invoice.object["payable"] as? String, payable != "0.00" else { return }
        if fromWallet {
            let paid = try await api.call(.post, "/api/v1/payments/wallet", token: owner, json: ["invoiceId": invoice.id])
            if paid.status.code == 201 {
                report.walletPayments += 1
                return
            }
        }
        let payment = try await api.ok(
            .post, "/api/v1/payments/manual", token: owner,
            json: [
                "invoiceId": invoice.id, "amount": payable, "comment": random.pick(["Cash", "Card at the desk", "SBP transfer"]),
                "proof": ["fileName": "receipt.png", "contentType": "image/png", "content": DemoCatalog.receiptPNG],
            ])
        try await api.ok(.post, "/api/v1/payments/\(payment.id)/approve", token: manager)
        report.payments += 1
        if random.unit() < 0.04, let amount = Double(payable) {
            try await api.ok(
                .post, "/api/v1/payments/\(payment.id)/refunds", token: owner,
                json: ["amount": String(format: "%.2f", (amount / 2).rounded(.down)), "reason": "Goodwill: the client was not happy"])
            report.refunds += 1
        }
    }
}
