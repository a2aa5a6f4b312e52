import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/staff/{id}/calendar-feed` (issue, show, disable the secret) and the public feed
/// `/calendar/{staffId}.ics?token=`.
public struct CalendarFeedController: Sendable {
    let service: CalendarFeedService

    public init(service: CalendarFeedService) { self.service = service }

    public func addRoutes(public group: RouterGroup<APIRequestContext>, tenant routes: TenantRoutes) {
        group.get("calendar/{staffId}.ics", use: feed)
        routes.get("staff/{id}/calendar-feed", .needs(.appointmentsRead, feature: .calendar), use: status)
        routes.post("staff/{id}/calendar-feed", .needs(.appointmentsRead, feature: .calendar), use: rotate)
        routes.delete("staff/{id}/calendar-feed", .needs(.appointmentsRead, feature: .calendar), use: disable)
    }

    struct FeedStatus: Encodable, ResponseEncodable {
        let enabled: Bool
        let issuedAt: Date?
        /// Only in the answer that issues the secret; never shown again.
        let url: String?
    }

    @Sendable func status(_ request: Request, context: TenantRequestContext) async throws -> FeedStatus {
        let issuedAt = try await service.status(of: try context.pathID(as: StaffID.self), scope: context.scope)
        return FeedStatus(enabled: issuedAt != nil, issuedAt: issuedAt, url: nil)
    }

    @Sendable func rotate(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<FeedStatus> {
        let issued = try await service.rotate(try context.pathID(as: StaffID.self), scope: context.scope)
        return EditedResponse(status: .created, response: FeedStatus(enabled: true, issuedAt: issued.issuedAt, url: issued.url))
    }

    @Sendable func disable(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try await service.disable(try context.pathID(as: StaffID.self), scope: context.scope)
        return Response(status: .noContent)
    }

    @Sendable func feed(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let id = context.parameters.get("staffId").flatMap(StaffID.init(string:)), let token = request.decodedQuery["token"],
            let body = try await service.feed(staff: id, token: token, now: context.clock.now())
        else { throw AppError.notFound() }
        var headers = HTTPFields()
        headers[.contentType] = "text/calendar; charset=utf-8"
        headers[.cacheControl] = "private, max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
