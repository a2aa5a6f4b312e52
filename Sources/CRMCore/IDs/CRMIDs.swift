/// Ids of the core CRM records (SPEC §3), here so every module and the appointment and slot
/// code of later issues name them the same way.
public enum CustomerEntity {}
public enum ServiceEntity {}
public enum ServicePackageEntity {}
public enum ClientPackageEntity {}
public enum StaffEntity {}
public enum LocationEntity {}
public enum RoomEntity {}
public enum ScheduleOverrideEntity {}
public enum ClientNoteEntity {}
public enum ConsentEntity {}
public enum AppointmentEntity {}

/// A client of the studio (`Customer` in code, `clients` in routes and tables).
public typealias CustomerID = TypedID<CustomerEntity>
public typealias ServiceID = TypedID<ServiceEntity>
public typealias ServicePackageID = TypedID<ServicePackageEntity>
/// A package sold to one client (remaining units, expiry).
public typealias ClientPackageID = TypedID<ClientPackageEntity>
public typealias StaffID = TypedID<StaffEntity>
public typealias LocationID = TypedID<LocationEntity>
public typealias RoomID = TypedID<RoomEntity>
/// A dated exception to a staff member's or a location's weekly schedule.
public typealias ScheduleOverrideID = TypedID<ScheduleOverrideEntity>
public typealias ClientNoteID = TypedID<ClientNoteEntity>
public typealias ConsentID = TypedID<ConsentEntity>
/// A booking of one service with one staff member (SPEC §4).
public typealias AppointmentID = TypedID<AppointmentEntity>

public enum ClientDiscountEntity {}
/// A personal discount given to one client.
public typealias ClientDiscountID = TypedID<ClientDiscountEntity>

public enum WaitlistEntryEntity {}
/// A client waiting for a time to free up for a service (SPEC §5).
public typealias WaitlistEntryID = TypedID<WaitlistEntryEntity>
