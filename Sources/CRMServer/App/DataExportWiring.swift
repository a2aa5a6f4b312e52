import CRMCore
import Foundation
import Modules

/// The owner's data export, wired: each domain contributes the files of the tables it owns (as
/// the client history's sources are wired), in the order they appear in the archive.
enum DataExportWiring {
    static let sources: [any DataExportSource] =
        AccountsExport.sources + SettingsExport.sources + ClientsExport.sources + CatalogExport.sources + BookingExport.sources
        + InvoicesExport.sources + PaymentsExport.sources + WalletsExport.sources + MessagingExport.sources + IntegrationsExport.sources
        + StorefrontExport.sources

    static func service(config: AppConfig, dependencies: AppDependencies) -> DataExportService {
        DataExportService(database: dependencies.database, sources: sources, directory: config.exportsDirectory)
    }
}
