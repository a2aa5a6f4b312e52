import CRMCore
import Foundation
import Hummingbird
import Tenancy

struct InviteUserInput: Decodable {
    let name: String
    let email: String
    let role: Role
    let phone: String?
    let locale: AppLocale?
    let timezone: String?
}

struct UpdateUserInput: Decodable {
    let name: String?
    let phone: String?
    let locale: AppLocale?
    let timezone: String?
}

struct ChangeRoleInput: Decodable {
    let role: Role
}

struct AcceptInvitationInput: Decodable {
    let token: String
    let password: String
}
