import CRMCore
import Tenancy
import Operations
import Settings
import Clients
import Catalog
import Booking
import Messaging
import Billing
import Integrations
import Oversight
import Storefront

/// The one ordered list of every module's migrations. A new module appends its list here.
public enum MigrationRegistry {
    public static let all: [Migration] =
        CoreMigrations.all + TenancyMigrations.all + SettingsMigrations.all + ClientsMigrations.all + ServicesMigrations.all
        + SchedulingMigrations.all + AppointmentsMigrations.all + CalendarMigrations.all + OperationsMigrations.all
        + MessagesMigrations.all + InvoicesMigrations.all + PaymentsMigrations.all + WalletsMigrations.all + IntegrationsMigrations.all
        + ExportMigrations.all + WaitlistMigrations.all + StorefrontMigrations.all
}
