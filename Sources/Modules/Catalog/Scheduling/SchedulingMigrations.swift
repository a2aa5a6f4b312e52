import CRMCore
import Foundation
import SQLKit

/// Schema of locations, staff, rooms and their dated schedule overrides. Append only.
public enum SchedulingMigrations {
    public static let all: [Migration] = [
        Migration(module: "scheduling", number: 1, name: "locations, staff, rooms, schedule overrides") { t in
            [
                // Schedules are canonical JSON text (`WeeklySchedule.canonicalJSON`) on both engines:
                // nothing queries inside them, the slot engine reads them whole.
                """
                CREATE TABLE locations (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    address TEXT,
                    phone TEXT,
                    schedule TEXT NOT NULL,
                    active \(t.bool) NOT NULL,
                    is_default \(t.bool) NOT NULL,
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    UNIQUE (tenant_id, name_key)
                )
                """,
                "CREATE UNIQUE INDEX locations_one_default_idx ON locations (tenant_id) WHERE is_default = TRUE",
                """
                CREATE TABLE staff (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    name TEXT NOT NULL,
                    user_id \(t.uuid),
                    color TEXT NOT NULL,
                    active \(t.bool) NOT NULL,
                    location_id \(t.uuid) NOT NULL,
                    schedule TEXT NOT NULL,
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    UNIQUE (tenant_id, user_id),
                    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
                    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
                )
                """,
                "CREATE INDEX staff_name_idx ON staff (tenant_id, name, id)",
                "CREATE INDEX staff_location_idx ON staff (tenant_id, location_id)",
                """
                CREATE TABLE rooms (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    location_id \(t.uuid) NOT NULL,
                    active \(t.bool) NOT NULL,
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    UNIQUE (tenant_id, location_id, name_key),
                    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
                )
                """,
                // One table for staff and location overrides: exactly one owner per row.
                """
                CREATE TABLE schedule_overrides (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    staff_id \(t.uuid),
                    location_id \(t.uuid),
                    local_date TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    intervals TEXT NOT NULL,
                    reason TEXT,
                    created_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    CHECK ((staff_id IS NULL) <> (location_id IS NULL)),
                    FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id),
                    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
                )
                """,
                "CREATE INDEX schedule_overrides_staff_idx ON schedule_overrides (tenant_id, staff_id, local_date)",
                "CREATE INDEX schedule_overrides_location_idx ON schedule_overrides (tenant_id, location_id, local_date)",
                // At most one day off or custom hours per owner and date (blocks may be several).
                """
                CREATE UNIQUE INDEX schedule_overrides_staff_hours_idx ON schedule_overrides (tenant_id, staff_id, local_date)
                WHERE staff_id IS NOT NULL AND kind IN ('day_off', 'custom_hours')
                """,
                """
                CREATE UNIQUE INDEX schedule_overrides_location_hours_idx ON schedule_overrides (tenant_id, location_id, local_date)
                WHERE location_id IS NOT NULL AND kind IN ('day_off', 'custom_hours')
                """,
            ]
        },
        Migration(module: "scheduling", number: 2, name: "a default location for every existing tenant") { context in
            // Frozen copy of what provisioning wrote when this shipped (`TenantDefaultLocation`):
            // a migration must not follow later changes of live code.
            let schedule =
                #"{"1":[["09:00","21:00"]],"2":[["09:00","21:00"]],"3":[["09:00","21:00"]],"4":[["09:00","21:00"]],"#
                + #""5":[["09:00","21:00"]],"6":[["09:00","21:00"]],"7":[["09:00","21:00"]]}"#
            struct Row: Decodable {
                let id: UUID
                let name: String
                let created_at: Date
            }
            let tenants = try await context.sql.raw(
                "SELECT id, name, created_at FROM tenants WHERE id NOT IN (SELECT tenant_id FROM locations WHERE is_default = TRUE)"
            ).all(decoding: Row.self)
            for tenant in tenants {
                // Named after the studio, as provisioning does; dated with the tenant, whose location it has always implied.
                let name = String(tenant.name.trimmingCharacters(in: .whitespaces).prefix(200))
                try await context.sql.raw(
                    """
                    INSERT INTO locations (tenant_id, id, name, name_key, address, phone, schedule, active, is_default, created_at, updated_at)
                    VALUES (\(bind: tenant.id), \(bind: UUID()), \(bind: name), \(bind: name.lowercased()), NULL, NULL,
                            \(bind: schedule), \(bind: true), \(bind: true), \(bind: tenant.created_at), \(bind: tenant.created_at))
                    """
                ).run()
            }
        },
        Migration(module: "scheduling", number: 3, name: "services of staff and rooms") { t in
            // Registered after the services module: both sides are composite keys of tenant tables.
            [
                """
                CREATE TABLE staff_services (
                    tenant_id \(t.uuid) NOT NULL,
                    staff_id \(t.uuid) NOT NULL,
                    service_id \(t.uuid) NOT NULL,
                    PRIMARY KEY (tenant_id, staff_id, service_id),
                    FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id),
                    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id)
                )
                """,
                // "Who performs this service": the slot engine's and the list filter's question.
                "CREATE INDEX staff_services_service_idx ON staff_services (tenant_id, service_id)",
                """
                CREATE TABLE room_services (
                    tenant_id \(t.uuid) NOT NULL,
                    room_id \(t.uuid) NOT NULL,
                    service_id \(t.uuid) NOT NULL,
                    PRIMARY KEY (tenant_id, room_id, service_id),
                    FOREIGN KEY (tenant_id, room_id) REFERENCES rooms (tenant_id, id),
                    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id)
                )
                """,
                "CREATE INDEX room_services_service_idx ON room_services (tenant_id, service_id)",
            ]
        },
    ]
}
