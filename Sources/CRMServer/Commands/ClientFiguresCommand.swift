import ArgumentParser
import CRMCore
import Modules
import Tenancy

/// `veloria rebuild-client-figures [--tenant slug]`: recomputes every client's figures from the
/// appointments and payments (`ClientFiguresRebuild`), for one studio or every active one.
struct ClientFiguresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild-client-figures",
        abstract: "Recompute clients' visits, spend, last visit, no-shows and late cancellations from the records.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Only the studio with this slug (default: every active studio).")
    var tenant: String?

    func run() async throws {
        let config = try await Bootstrap.config(options)
        let logger = Bootstrap.logger(config)
        try await Bootstrap.withDependencies(config, logger: logger) { dependencies in
            let sql = dependencies.database.sql
            let tenants: [Tenant]
            if let slug = tenant {
                guard let found = try await TenantRecords.find(slug: slug, on: sql) else { throw ValidationError("no studio with slug \(slug)") }
                tenants = [found]
            } else {
                tenants = try await TenantRecords.active(on: sql)
            }
            for tenant in tenants {
                let count = try await ClientFiguresRebuild.run(tenant, database: dependencies.database)
                print("\(tenant.slug): \(count) client(s) rebuilt")
            }
        }
    }
}
