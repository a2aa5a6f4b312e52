import CRMCore
import Foundation
import Modules

/// The messaging pieces `serve` and the `worker` command build the same way: the service behind
/// `/messages`, the dispatcher of `message.send`/`message.status` and the reminders.
struct Messaging: Sendable {
    let service: MessagesService
    let dispatcher: MessageDispatcher
    let reminders: AppointmentReminders
    let botCalls: TelegramBotCallsRunner

    init(config: AppConfig, dependencies: AppDependencies) {
        let database = dependencies.database
        let settings = SettingsService(database: database)
        service = MessagesService(
            database: database, clients: ClientsService(database: database, settings: settings, appointments: AppointmentClientScope()), settings: settings,
            senders: dependencies.messageSenders, catalog: dependencies.catalog, publicBaseURL: config.publicBaseURL)
        // The dispatcher is what calls the providers: its calls feed provider health.
        let measured = MeasuredMessageSenders(
            base: dependencies.messageSenders, log: ProviderCallLog(database: database, clock: dependencies.clock, logger: dependencies.logger))
        dispatcher = MessageDispatcher(
            database: database, senders: measured, settings: settings, catalog: dependencies.catalog,
            throttle: dependencies.messageThrottle, finalFailure: { try await AppointmentReminders.finalFailure($0, now: $1, on: $2) })
        botCalls = TelegramBotCallsRunner(bots: dependencies.telegramBots)
        reminders = AppointmentReminders(
            database: database, settings: settings, senders: dependencies.messageSenders, catalog: dependencies.catalog,
            publicBaseURL: config.publicBaseURL)
    }

    func registerJobs(in handlers: JobHandlers) {
        dispatcher.register(in: handlers)
        reminders.register(in: handlers)
        botCalls.register(in: handlers)
    }
}
