import CRMCore
import Foundation
import Modules

/// The waitlist's automatic offers, built the same way by `serve` and the `worker` command: the
/// jobs registered, the outbox subscriber that starts chains, messages through `MessagesService`.
enum WaitlistWiring {
    static func autofill(
        config: AppConfig, dependencies: AppDependencies, appointments: AppointmentsService, clients: ClientsService, messaging: Messaging
    ) -> WaitlistAutofill {
        let waitlist = WaitlistService(database: dependencies.database, appointments: appointments, clients: clients)
        let autofill = WaitlistAutofill(
            waitlist: waitlist, links: WaitlistOfferLinks(secretKey: config.secretKey, publicBaseURL: config.publicBaseURL),
            notifier: WaitlistOfferMessages(messages: messaging.service))
        autofill.register(in: dependencies.jobs.handlers)
        dependencies.jobs.outbox.subscribe(autofill.subscriber)
        return autofill
    }
}
