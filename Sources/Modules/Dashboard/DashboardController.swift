import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `GET /dashboard[?date=YYYY-MM-DD]` (`dashboard.basic`, every plan; `appointments.read`):
/// the home screen for the studio's today, or for `date`.
public struct DashboardController: Sendable {
    let service: DashboardService

    public init(service: DashboardService) { self.service = service }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("dashboard", .needs(.appointmentsRead, feature: .dashboardBasic), use: show)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> DashboardDTO {
        var date = TenantTime.localDate(of: context.clock.now(), in: context.timeZone)
        if let text = request.decodedQuery["date"] {
            guard let given = LocalDate(iso: text) else { throw AppError.validation(["date": "invalid"]) }
            date = given
        }
        return try await service.overview(on: date, scope: context.scope)
    }
}
