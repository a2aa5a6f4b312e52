import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import Plans
import Tenancy

/// White-label (`storefront.whitelabel`): a studio's own host name pointed at this server opens
/// its booking page. `GET /` whose `Host` is a studio's `customHost` answers `302` to
/// `/book/{slug}` (on the same host) while the studio's plan has the feature and the studio is
/// open; anything else goes on unchanged (the installation's own host, other paths, unknown hosts,
/// a downgraded or closed studio). Only `/` is looked up, so other requests cost nothing.
public struct CustomHostRedirect: RouterMiddleware {
    public typealias Context = APIRequestContext

    let database: Database
    /// The installation's own host (`PUBLIC_BASE_URL`), never a studio's.
    let ownHost: String?

    public init(database: Database, publicBaseURL: String) {
        self.database = database
        ownHost = URL(string: publicBaseURL)?.host?.lowercased()
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, request.uri.path == "/", let slug = try await slug(for: request) else {
            return try await next(request, context)
        }
        var headers = HTTPFields()
        headers[.location] = "/book/\(slug)"
        headers[.cacheControl] = "no-store"
        return Response(status: .found, headers: headers)
    }

    /// The slug of the open studio on a plan with white-label whose host the request names.
    func slug(for request: Request) async throws -> String? {
        // HTTP/1.1's `Host` becomes the request's authority; a `Host` field still present wins.
        guard let header = Self.hostField.flatMap({ request.headers[$0] }) ?? request.head.authority else { return nil }
        let host = CustomHost.of(header: header)
        guard host != ownHost, CustomHost.normalized(host) == host else { return nil }
        guard let tenantId = try await StorefrontSettingsRepository(sql: database.sql).tenant(forHost: host),
            let tenant = try await TenantRecords.find(tenantId, on: database.sql), tenant.status != .closed,
            tenant.plan.includes(.storefrontWhitelabel)
        else { return nil }
        return tenant.slug
    }

    /// `Host` as a header field (HTTP/1.1 moves it into the authority; a test may send it as a field).
    public static let hostField = HTTPField.Name("Host")
}
