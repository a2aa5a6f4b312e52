import ArgumentParser
import CRMCore
import Logging
import Modules
import Tenancy

/// `veloria routes`: every route the server registers, one per line and sorted — method, path,
/// and for a tenant route its permission and plan feature (`-` for none). For operators and for
/// comparing two builds (a refactor that must not change the API compares these lines).
struct RoutesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes", abstract: "Print every registered route with a tenant route's permission and plan feature, sorted.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try await Bootstrap.config(options)
        // Logs go to stderr: stdout carries only the list.
        var logger = Logger(label: "veloria") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        try await Bootstrap.withDependencies(config, logger: logger) { dependencies in
            let runner = try MigrationRunner(database: dependencies.database, migrations: MigrationRegistry.all, logger: logger)
            let book = RoutePolicyBook()
            let router = try buildRouter(config: config, dependencies: dependencies, migrations: runner, policies: book)
            var policies: [String: RoutePolicy] = [:]
            for entry in book.all { policies["\(entry.method.rawValue) \(entry.path)"] = entry.policy }
            let lines = router.routes.map { route -> String in
                let path = route.path.description.hasPrefix("/") ? route.path.description : "/" + route.path.description
                let key = "\(route.method.rawValue) \(path)"
                guard let policy = policies[key] else { return key }
                return "\(key) permission=\(policy.permission?.rawValue ?? "-") feature=\(policy.feature?.rawValue ?? "-")"
            }
            print(lines.sorted().joined(separator: "\n"))
        }
    }
}
