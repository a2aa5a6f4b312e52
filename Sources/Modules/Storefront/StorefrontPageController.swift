import CRMCore
import Foundation
import Hummingbird
import Logging
import NIOPosix
import Tenancy

/// The client's pages: `/book/{tenantSlug}` (booking), `/book/{tenantSlug}/manage/{token}` (the
/// booking behind its manage link), `/book/{tenantSlug}/offer/{token}` (a waitlist offer) and
/// `/tg/{tenantSlug}` (the studio's Telegram Mini App). All answer `public/book/index.html`, which reads the
/// path and works on the public API alone; an unknown slug or a wrong token is told by the API,
/// so the page is the same file for every studio. Read from disk like the other static files
/// (a deploy changes it without a restart) and never cached.
public struct StorefrontPageController: Sendable {
    let files: LocalFileSystem
    static let page = "/book/index.html"

    public init(publicDirectory: String, logger: Logger) {
        files = LocalFileSystem(rootFolder: publicDirectory, threadPool: .singleton, logger: logger)
    }

    public func addRoutes(to router: Router<APIRequestContext>) {
        router.get("book/{tenantSlug}", use: page)
        router.get("book/{tenantSlug}/manage/{token}", use: page)
        router.get("book/{tenantSlug}/offer/{token}", use: page)
        // The studio's Telegram Mini App: the same page, which loads Telegram's frame (`public/tg/`) for this path.
        router.get("tg/{tenantSlug}", use: page)
    }

    @Sendable func page(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let id = files.getFileIdentifier(Self.page) else { throw AppError.notFound() }
        let body = try await files.loadFile(id: id, context: context)
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"], body: body)
    }
}
