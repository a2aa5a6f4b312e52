import CRMCore
import Foundation
import Modules

/// The payment pieces `serve` and the `worker` command build the same way: the service behind
/// `/payments` and the webhooks, and the booking deposits.
struct PaymentsWiring: Sendable {
    let service: PaymentsService
    let deposits: AppointmentDeposits

    init(config: AppConfig, dependencies: AppDependencies, reminders: AppointmentReminders) {
        service = PaymentsService(
            database: dependencies.database, providers: dependencies.paymentProviders, settings: SettingsService(database: dependencies.database),
            reminders: reminders, callLog: ProviderCallLog(database: dependencies.database, clock: dependencies.clock, logger: dependencies.logger),
            payLinks: PayLinks(secretKey: config.secretKey, publicBaseURL: config.publicBaseURL), logger: dependencies.logger)
        deposits = AppointmentDeposits(payments: service)
    }

    func registerJobs(in handlers: JobHandlers) {
        service.register(in: handlers)
        deposits.register(in: handlers)
    }
}
