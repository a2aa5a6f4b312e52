import CRMCore
import Testing

@testable import Tenancy

@Suite struct RolePermissionTests {
    /// SPEC §1 read as a table: role → one representative permission of each area → allowed?
    static let expectations: [(Role, Permission, Bool)] = [
        (.owner, .billingManage, true), (.owner, .usersManage, true), (.owner, .financeWrite, true),
        (.manager, .settingsWrite, true), (.manager, .automationManage, true), (.manager, .financeRead, true),
        (.manager, .financeWrite, false), (.manager, .billingManage, false), (.manager, .usersManage, false),
        (.manager, .usersInvite, true),
        (.specialist, .appointmentsWrite, true), (.specialist, .clientsRead, true), (.specialist, .financeRead, false),
        (.specialist, .settingsWrite, false), (.specialist, .operationsRead, false),
        (.receptionist, .operationsWrite, true), (.receptionist, .appointmentsWrite, true), (.receptionist, .clientsWrite, true),
        (.receptionist, .financeRead, false), (.receptionist, .settingsWrite, false),
        (.finance, .financeWrite, true), (.finance, .reportsRead, true), (.finance, .appointmentsWrite, false),
        (.finance, .clientsWrite, false),
        (.readOnly, .clientsRead, true), (.readOnly, .financeRead, true), (.readOnly, .clientsWrite, false),
        (.readOnly, .appointmentsWrite, false), (.readOnly, .auditRead, false),
    ]

    @Test(arguments: expectations)
    func roleHasExactlyTheExpectedPermission(role: Role, permission: Permission, allowed: Bool) {
        #expect(role.can(permission) == allowed)
    }

    @Test func onlyTheOwnerMayManageBillingUsersIntegrationsAndExportData() {
        for permission in [Permission.billingManage, .usersManage, .integrationsManage, .dataExport] {
            #expect(Role.allCases.filter { $0.can(permission) } == [.owner])
        }
    }

    @Test func personalDataVisibilityFollowsTheSpec() {
        #expect(Role.receptionist.piiVisibility == .maskedInLists)
        #expect(Role.readOnly.piiVisibility == .masked)
        #expect(Role.owner.piiVisibility == .full)
        #expect(Role.allCases.filter(\.seesOnlyOwnRecords) == [.specialist])
    }
}
