import CRMCore
import Foundation
import SQLKit

/// The location every tenant starts with (SPEC §3: "a studio has one by default"), written by
/// `TenantProvisioning` inside the registration transaction, so a tenant never exists without it.
///
/// The `locations` table and its API belong to the scheduling module (`Modules/Scheduling`).
/// Provisioning sits below `Modules` and cannot call that module's repository, so this one
/// insert is spelled out here; a test reads the row back through the locations API.
public enum TenantDefaultLocation {
    /// Open every day 09:00–21:00: the location's hours only bound the staff's, so a wide default
    /// never hides a master's working time; the owner narrows it in settings.
    public static let scheduleJSON =
        #"{"1":[["09:00","21:00"]],"2":[["09:00","21:00"]],"3":[["09:00","21:00"]],"4":[["09:00","21:00"]],"#
        + #""5":[["09:00","21:00"]],"6":[["09:00","21:00"]],"7":[["09:00","21:00"]]}"#

    /// Location names are at most this long (the locations module checks the same).
    public static let maxNameLength = 200

    /// Inserts the default location of `tenant` (named after the studio) on `sql`.
    static func insert(for tenant: Tenant, now: Date, on sql: any SQLDatabase) async throws {
        let name = String(tenant.name.trimmingCharacters(in: .whitespaces).prefix(maxNameLength))
        try await sql.raw(
            """
            INSERT INTO locations (tenant_id, id, name, name_key, address, phone, schedule, active, is_default, created_at, updated_at)
            VALUES (\(bind: tenant.id), \(bind: LocationID.random()), \(bind: name), \(bind: name.lowercased()), NULL, NULL,
                    \(bind: scheduleJSON), \(bind: true), \(bind: true), \(bind: now), \(bind: now))
            """
        ).run()
    }
}
