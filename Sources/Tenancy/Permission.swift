/// What a role may do. A route declares the permission it needs; object policies (a specialist
/// sees only their own appointments and clients) narrow it further in the services.
public enum Permission: String, Sendable, Codable, CaseIterable {
    case clientsRead = "clients.read"
    case clientsWrite = "clients.write"
    case appointmentsRead = "appointments.read"
    case appointmentsWrite = "appointments.write"
    case financeRead = "finance.read"
    case financeWrite = "finance.write"
    /// Approving a manual payment (owners and managers; never the payment's own creator).
    case paymentsApprove = "payments.approve"
    case operationsRead = "operations.read"
    case operationsWrite = "operations.write"
    case automationManage = "automation.manage"
    case reportsRead = "reports.read"
    case settingsWrite = "settings.write"
    /// The staff directory; a specialist sees only themselves (object policy).
    case usersRead = "users.read"
    case usersInvite = "users.invite"
    case usersManage = "users.manage"
    case billingManage = "billing.manage"
    case integrationsManage = "integrations.manage"
    case auditRead = "audit.read"
    /// Exporting all the studio's data (owners only: the archive holds every record).
    case dataExport = "data.export"
}

/// How much personal data (phone, email) a role sees (SPEC §1).
public enum PIIVisibility: String, Sendable, Codable {
    /// Everything, everywhere.
    case full
    /// Masked in lists, shown on the record's own card (the reveal is audited).
    case maskedInLists
    /// Masked everywhere.
    case masked
}

extension Role {
    /// The permission table of SPEC §1, in code.
    public var permissions: Set<Permission> {
        switch self {
        case .owner:
            Set(Permission.allCases)
        case .manager:
            [
                .clientsRead, .clientsWrite, .appointmentsRead, .appointmentsWrite, .financeRead, .paymentsApprove, .operationsRead,
                .operationsWrite, .automationManage, .reportsRead, .settingsWrite, .usersRead, .usersInvite, .auditRead,
            ]
        case .specialist:
            [.clientsRead, .clientsWrite, .appointmentsRead, .appointmentsWrite, .usersRead]
        case .receptionist:
            [.clientsRead, .clientsWrite, .appointmentsRead, .appointmentsWrite, .operationsRead, .operationsWrite, .usersRead]
        case .finance:
            [.clientsRead, .appointmentsRead, .financeRead, .financeWrite, .reportsRead, .usersRead]
        case .readOnly:
            [.clientsRead, .appointmentsRead, .financeRead, .operationsRead, .reportsRead, .usersRead]
        }
    }

    public func can(_ permission: Permission) -> Bool { permissions.contains(permission) }

    public var piiVisibility: PIIVisibility {
        switch self {
        case .owner, .manager, .specialist, .finance: .full
        case .receptionist: .maskedInLists
        case .readOnly: .masked
        }
    }

    /// Specialists act only on their own appointments and those appointments' clients.
    public var seesOnlyOwnRecords: Bool { self == .specialist }
}
