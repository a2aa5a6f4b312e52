import CRMCore
import Foundation
import Hummingbird
import Logging
import Modules
import ServiceLifecycle
import Tenancy

/// The composition root: the whole application from its configuration.
public func buildApplication(config: AppConfig, logger: Logger, migrateOnStart: Bool) async throws -> some ApplicationProtocol {
    try await buildApplication(config: config, dependencies: await .live(config: config, logger: logger), migrateOnStart: migrateOnStart)
}

/// The application from explicit dependencies. `migrateOnStart` applies pending migrations
/// before the server accepts requests; without it, a database with pending migrations stops
/// the start with a message naming them.
public func buildApplication(config: AppConfig, dependencies: AppDependencies, migrateOnStart: Bool) async throws
    -> some ApplicationProtocol
{
    let runner = try MigrationRunner(database: dependencies.database, migrations: MigrationRegistry.all, logger: dependencies.logger)
    let router = try buildRouter(config: config, dependencies: dependencies, migrations: runner)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "VeloriaCRM"),
        logger: dependencies.logger
    )
    if dependencies.ownsDatabase {
        app.addServices(DatabaseShutdownService(database: dependencies.database))
    }
    // Added after the database: graceful shutdown runs in reverse order, so workers stop first.
    if config.workers > 0 {
        app.addServices(
            JobWorkersService(
                runtime: dependencies.jobs, database: dependencies.database, clock: dependencies.clock, count: config.workers,
                logger: dependencies.logger, ready: { (try? await runner.pending().isEmpty) == true }))
    }
    app.beforeServerStarts {
        if migrateOnStart {
            try await runner.migrate(now: dependencies.clock.now())
        } else {
            let pending = try await runner.pending()
            guard pending.isEmpty else { throw MigrationError.notMigrated(pending: pending.map(\.id)) }
        }
    }
    return app
}

/// All routes and middleware.
/// `policies` collects every tenant route's permission and feature (tests read it).
public func buildRouter(
    config: AppConfig, dependencies: AppDependencies, migrations: MigrationRunner, policies: RoutePolicyBook = RoutePolicyBook()
) throws -> Router<APIRequestContext> {
    let routeIndex = RouteIndex()
    let router = Router(context: APIRequestContext.self)
    KernelMiddleware.add(to: router, config: config, dependencies: dependencies, routeIndex: routeIndex)

    let api = router.group("api/v1")
    HealthController(
        database: dependencies.database, migrations: migrations, redis: config.redisEndpoint, catalog: dependencies.catalog
    ).addRoutes(to: api)
    MetricsController(metrics: dependencies.metrics, token: config.metricsToken).addRoutes(to: api)
    InterfaceStringsController(catalog: dependencies.catalog).addRoutes(to: api)
    let tenantRoutes = TenantRoutes(group: api.group(context: TenantRequestContext.self), prefix: "/api/v1", book: policies)
    let database = dependencies.database
    let bcryptCost = UInt8(config.bcryptCost)
    let twoFactor = TwoFactorService(database: database, secretKey: config.secretKey)
    let sessions = SessionResponder(
        logins: LoginService(database: database, twoFactor: twoFactor), secureCookies: config.publicBaseURL.lowercased().hasPrefix("https://"))
    let mailer = AccountMailer(sender: dependencies.emailSender, catalog: dependencies.catalog, publicBaseURL: config.publicBaseURL)
    let verification = EmailVerificationService(database: database, mailer: mailer, logger: dependencies.logger)

    AuthController(
        provisioning: TenantProvisioning(
            database: database, defaults: .init(timezone: config.appTimezone, locale: config.appLocale, currency: config.appCurrency),
            bcryptCost: bcryptCost),
        logins: sessions.logins, sessions: sessions, verification: verification, database: database,
        registrationsPerIP: config.rateLimits.signupsPerHour
    ).addRoutes(public: api, tenant: tenantRoutes)
    EmailVerificationController(verification: verification).addRoutes(public: api, tenant: tenantRoutes)
    PasswordController(passwords: PasswordService(database: database, mailer: mailer, bcryptCost: bcryptCost, logger: dependencies.logger))
        .addRoutes(public: api, tenant: tenantRoutes)
    TwoFactorController(twoFactor: twoFactor).addRoutes(to: tenantRoutes)
    AccessTokenController(database: database).addRoutes(to: tenantRoutes)
    UsersController(
        service: UsersService(database: database, mailer: mailer, bcryptCost: bcryptCost, logger: dependencies.logger), sessions: sessions
    ).addRoutes(public: api, tenant: tenantRoutes)
    PlanController(planChange: TenantPlanChange(database: database)).addRoutes(to: tenantRoutes)
    AuditController(database: database).addRoutes(to: tenantRoutes)
    let settings = SettingsService(database: database)
    SettingsController(service: settings).addRoutes(tenant: tenantRoutes)
    let clients = ClientsService(database: database, settings: settings, appointments: AppointmentClientScope())
    ClientsController(service: clients).addRoutes(tenant: tenantRoutes)
    // The client history: notes and consents (Clients) with every domain's entries, in one order.
    let history: [any ClientTimelineSource] = [
        AppointmentsTimelineSource(), MessagesTimelineSource(), InvoicesTimelineSource(), PaymentsTimelineSource(refunds: false),
        PaymentsTimelineSource(refunds: true), ClientPackagesTimelineSource(), ClientPackageVisitsTimelineSource(),
    ]
    ClientRecordsController(service: ClientRecordsService(clients: clients, sources: history)).addRoutes(tenant: tenantRoutes)
    ServicesController(service: ServicesService(database: database)).addRoutes(to: tenantRoutes)
    WalletsController(database: database).addRoutes(to: tenantRoutes)
    ServicePackagesController(service: ServicePackagesService(database: database)).addRoutes(to: tenantRoutes)
    ClientPackagesController(service: ClientPackagesService(database: database, clients: clients)).addRoutes(to: tenantRoutes)
    ClientDiscountsController(service: ClientDiscountsService(database: database, clients: clients)).addRoutes(to: tenantRoutes)
    LocationsController(service: LocationsService(database: database)).addRoutes(to: tenantRoutes)
    let staff = StaffService(database: database)
    StaffController(service: staff).addRoutes(to: tenantRoutes)
    CalendarFeedController(
        service: CalendarFeedService(database: database, staff: staff, source: AppointmentsCalendarSource(), publicBaseURL: config.publicBaseURL)
    ).addRoutes(public: api, tenant: tenantRoutes)
    RoomsController(service: RoomsService(database: database)).addRoutes(to: tenantRoutes)
    let messaging = Messaging(config: config, dependencies: dependencies)
    messaging.registerJobs(in: dependencies.jobs.handlers)
    let payments = PaymentsWiring(config: config, dependencies: dependencies, reminders: messaging.reminders)
    payments.registerJobs(in: dependencies.jobs.handlers)
    let appointments = AppointmentsService(
        database: database, clients: clients, settings: settings, reminders: messaging.reminders, deposits: payments.deposits)
    AppointmentsController(service: appointments).addRoutes(to: tenantRoutes)
    WaitlistController(service: WaitlistService(database: database, appointments: appointments, clients: clients)).addRoutes(to: tenantRoutes)
    let autofill = WaitlistWiring.autofill(
        config: config, dependencies: dependencies, appointments: appointments, clients: clients, messaging: messaging)
    WaitlistOffersController(autofill: autofill).addRoutes(to: tenantRoutes)
    MessagesController(service: messaging.service).addRoutes(to: tenantRoutes)
    MessageTemplatesController(database: database, catalog: dependencies.catalog).addRoutes(to: tenantRoutes)
    TelegramLinkController(database: database, clients: clients, bots: dependencies.telegramBots).addRoutes(to: tenantRoutes)
    // Holds of staff and room time: the time-holding appointments; day grids cached, dropped after each commit that changes them.
    // In Redis when REDIS_URL is set (shared by every process), else in process.
    let dayGrids: any DayGridStore =
        config.redisEndpoint.map { RedisDayGrids(pool: RedisPool($0), logger: dependencies.logger) } ?? DayGridCache()
    database.observeCommits(AvailabilityInvalidator(cache: dayGrids, database: database))
    let availability = AvailabilityService(database: database, holds: AppointmentsTimeHolds(database: database), cache: dayGrids)
    AvailabilityController(service: availability).addRoutes(to: tenantRoutes)
    let captcha = StorefrontCaptcha(
        secretKey: config.secretKey, transport: dependencies.providerClients.http, baseURL: dependencies.providerClients.endpoints.smartcaptcha)
    let manageLinks = ManageLinks(secretKey: config.secretKey, publicBaseURL: config.publicBaseURL)
    let storefront = StorefrontService(
        database: database, appointments: appointments, availability: availability, intake: ClientIntake(clients: clients), links: manageLinks,
        settings: settings, captcha: captcha, bots: dependencies.telegramBots)
    StorefrontController(service: storefront).addRoutes(public: api)
    StorefrontOffersController(storefront: storefront, autofill: autofill, manageLinks: manageLinks).addRoutes(public: api)
    TelegramMiniAppController(service: TelegramMiniAppService(storefront: storefront, staff: staff)).addRoutes(public: api, tenant: tenantRoutes)
    TelegramWebhookController(
        database: database, bots: dependencies.telegramBots, conversation: TelegramBookingBot(storefront: storefront, catalog: dependencies.catalog, autofill: autofill)
    ).addRoutes(public: api)
    StorefrontSettingsController(
        service: StorefrontSettingsService(
            database: database, captcha: captcha, publicBaseURL: config.publicBaseURL, bookingsPerIpPerHour: config.rateLimits.bookingsPerHour,
            bots: dependencies.telegramBots)
    ).addRoutes(to: tenantRoutes)
    StorefrontPageController(publicDirectory: config.publicDirectory.path, logger: dependencies.logger).addRoutes(to: router)
    InvoicesController(service: InvoicesService(database: database, clients: clients)).addRoutes(to: tenantRoutes)
    DashboardController(service: DashboardService(database: database)).addRoutes(to: tenantRoutes)
    PaymentsController(service: payments.service).addRoutes(to: tenantRoutes)
    InvoiceSendController(payments: payments.service, messages: messaging.service).addRoutes(to: tenantRoutes)
    PaymentWebhooksController(service: payments.service, database: database).addRoutes(public: api)
    PayLinkController(service: payments.service, database: database).addRoutes(public: api)
    let providers = Set(PaymentProviderKind.allCases.map(\.rawValue)).union(["smsaero", "smsc", "mailgun", "smtp", "telegram"])
    ProviderHealthController(database: database, providers: providers).addRoutes(to: tenantRoutes)
    JobsController(database: database).addRoutes(to: tenantRoutes)
    IntegrationsController(
        service: IntegrationsService(
            database: database, secretKey: config.secretKey, clients: dependencies.providerClients, publicBaseURL: config.publicBaseURL)
    ).addRoutes(to: tenantRoutes)
    let exports = DataExportWiring.service(config: config, dependencies: dependencies)
    exports.register(in: dependencies.jobs.handlers)
    DataExportController(service: exports).addRoutes(to: tenantRoutes)
    try OpenAPIDocument(file: config.openAPIFile, fragments: config.openAPIFragments).addRoutes(to: api)

    routeIndex.register(router.routes.map { (method: $0.method, path: $0.path) })
    return router
}

/// The middleware every router of the application starts with. Order matters: the request id
/// and metrics wrap everything (so error responses carry the id and are counted), errors are
/// translated inside them, static files answer what no route matched, the caller is identified
/// before idempotency (whose keys are scoped by tenant and user) wraps the handlers.
public enum KernelMiddleware {
    public static func add(to router: Router<APIRequestContext>, config: AppConfig, dependencies: AppDependencies, routeIndex: RouteIndex) {
        router.add(middleware: SecurityHeadersMiddleware(publicBaseURL: config.publicBaseURL))
        router.add(middleware: RequestContextMiddleware(clock: dependencies.clock, defaultLocale: config.appLocale))
        router.add(middleware: RequestMetricsMiddleware(metrics: dependencies.metrics))
        router.add(middleware: ErrorMiddleware(catalog: dependencies.catalog, routes: routeIndex))
        // A studio's own host name opens its booking page (before the web app's index answers `/`).
        router.add(middleware: CustomHostRedirect(database: dependencies.database, publicBaseURL: config.publicBaseURL))
        router.add(middleware: StaticFiles.middleware(directory: config.publicDirectory.path, logger: dependencies.logger))
        router.add(middleware: AuthenticationMiddleware(database: dependencies.database))
        // Budgets are per credential, so they are counted once the caller is known.
        let counters: any RateLimitStore = config.redisEndpoint.map { RedisRateLimitStore(pool: RedisPool($0)) } ?? MemoryRateLimitStore()
        router.add(middleware: RateLimitMiddleware(limits: config.rateLimits, store: counters))
        router.add(middleware: IdempotencyMiddleware(store: IdempotencyStore(sql: dependencies.database.sql)))
    }
}

/// Closes the database pool when the service group shuts down (SIGTERM/SIGINT).
struct DatabaseShutdownService: Service {
    let database: Database

    func run() async throws {
        try? await gracefulShutdown()
        try await database.shutdown()
    }
}
