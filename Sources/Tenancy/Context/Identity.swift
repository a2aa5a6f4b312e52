import CRMCore
import Foundation

/// Who is calling, resolved from a verified session cookie or access token: the user, their
/// tenant (with its current plan), and the credential used.
public struct Identity: Sendable, Equatable {
    public let tenant: Tenant
    public let user: User
    public let credential: Credential

    public init(tenant: Tenant, user: User, credential: Credential) {
        self.tenant = tenant
        self.user = user
        self.credential = credential
    }

    /// The token a browser session must echo on unsafe requests; nil for access tokens.
    public var csrfToken: String? {
        if case .session(_, let token) = credential { return token }
        return nil
    }
}

public enum Credential: Sendable, Equatable {
    /// A browser session; unsafe methods must echo `csrfToken` in `X-CSRF-Token`.
    case session(id: UUID, csrfToken: String)
    /// A personal access token (Bearer); no CSRF, since browsers never send it on their own.
    case accessToken(id: UUID)
}
