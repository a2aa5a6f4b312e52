import ArgumentParser
import CRMCore
import Foundation
import Modules
import Tenancy

/// `veloria tenant suspend|resume|close <slug> [--reason …]`: the deployment operator's hold on a
/// studio (`TenantLifecycle`). Nothing is deleted.
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Suspend, resume or close a studio (its users get 403; nothing is deleted).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "suspend, resume or close") var action: String
    @Argument(help: "The studio's slug.") var slug: String
    @Option(help: "Why, for the audit trail.") var reason: String?

    func validate() throws {
        guard TenantLifecycle.Action(rawValue: action) != nil else { throw ValidationError("the action must be suspend, resume or close") }
    }

    func run() async throws {
        let config = try await Bootstrap.config(options)
        let logger = Bootstrap.logger(config)
        let tenant = try await Bootstrap.withDependencies(config, logger: logger) { dependencies in
            do {
                return try await TenantLifecycle(database: dependencies.database).apply(
                    TenantLifecycle.Action(rawValue: action)!, slug: slug, reason: reason, now: dependencies.clock.now())
            } catch let error as AppError where error.status == .notFound {
                throw ValidationError("no studio with slug \(slug)")
            } catch let error as AppError where error.code == "tenant_closed" {
                throw ValidationError("\(slug) is closed; a closed studio stays closed")
            }
        }
        print("\(tenant.slug): \(tenant.status.rawValue)")
    }
}
