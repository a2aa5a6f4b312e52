import CRMCore
import Foundation
import Logging
import Modules
import Providers

/// Everything the application is built from, passed in rather than reached for, so tests can
/// hand in their own database, clock and metrics.
public struct AppDependencies: Sendable {
    public var database: Database
    public var clock: any AppClock
    public var metrics: AppMetrics
    public var catalog: MessageCatalog
    public var logger: Logger
    /// Account emails (password reset, invitations).
    public var emailSender: any EmailSender
    /// Whether the application shuts the database pool down when it stops (false when the
    /// caller, e.g. a test, keeps using the database afterwards).
    public var ownsDatabase: Bool
    /// Job kinds, the outbox publisher and periodic work (modules register their kinds here).
    public var jobs: JobRuntime
    /// The tenant's configured sender per channel, and its Telegram bot.
    public var messageSenders: any MessageSenderDirectory = NoMessageSenders()
    public var telegramBots: any TelegramBotDirectory = NoTelegramBots()
    public var messageThrottle = MessageThrottle()
    /// The tenant's payment providers (YooKassa, Stripe) and Stripe's webhook secret.
    public var paymentProviders: any PaymentProviderDirectory = NoPaymentProviders()
    /// The one HTTP transport every provider client shares, the SMTP transport and the providers'
    /// endpoints: what the integration settings build clients with.
    public var providerClients: ProviderClients

    public init(
        database: Database, clock: any AppClock, metrics: AppMetrics, catalog: MessageCatalog, logger: Logger,
        emailSender: (any EmailSender)? = nil, ownsDatabase: Bool, providerClients: ProviderClients? = nil
    ) {
        self.database = database
        self.clock = clock
        self.metrics = metrics
        self.catalog = catalog
        self.logger = logger
        // Until the messaging module brings Mailgun/SMTP, account emails go to the log.
        self.emailSender = emailSender ?? LogEmailSender(logger: logger)
        self.ownsDatabase = ownsDatabase
        self.jobs = JobRuntime(database: database)
        self.providerClients = providerClients ?? .live()
    }

    /// Senders, the Telegram bot and payment providers from the studios' integration settings
    /// (`/integrations/{provider}`), their secrets opened with `secretKey`.
    public mutating func useIntegrationSettings(secretKey: String) {
        let directory = IntegrationDirectory(database: database, secretKey: secretKey, clients: providerClients, clock: clock)
        messageSenders = directory
        telegramBots = directory
        paymentProviders = directory
    }

    /// The sender of account emails: the one `MAIL_URL` names, else the log (which says an email
    /// was not delivered, never its link); the choice is logged at boot either way.
    public static func accountEmailSender(config: AppConfig, clients: ProviderClients, logger: Logger) -> any EmailSender {
        guard let mail = config.mail else {
            logger.warning("account emails are not sent: MAIL_URL is not set (password resets and invitations are not delivered)")
            return LogEmailSender(logger: logger)
        }
        logger.info("account emails are sent through \(mail)")
        return mail.sender(smtp: clients.smtp, http: clients.http, mailgunBaseURL: config.providerEndpoints.mailgun)
    }

    /// Opens what `config` names: PostgreSQL when `DATABASE_URL` is set, else the SQLite file.
    public static func live(config: AppConfig, logger: Logger) async throws -> AppDependencies {
        let database =
            if let url = config.databaseURL {
                try Database.postgres(url: url, connectionsPerEventLoop: config.dbPoolSize, logger: logger)
            } else {
                try await Database.sqlite(path: config.sqliteFile.path, logger: logger)
            }
        let clients = ProviderClients.live(endpoints: config.providerEndpoints)
        let mail = accountEmailSender(config: config, clients: clients, logger: logger)
        var dependencies = AppDependencies(
            database: database, clock: SystemClock(), metrics: AppMetrics(),
            catalog: try MessageCatalog.load(from: config.langDirectory, defaultLocale: config.appLocale), logger: logger,
            emailSender: mail, ownsDatabase: true, providerClients: clients)
        dependencies.useIntegrationSettings(secretKey: config.secretKey)
        return dependencies
    }
}
