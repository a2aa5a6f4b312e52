import CRMCore
import Foundation
import Hummingbird

/// The OpenAPI 3.1 document kept in `docs/openapi.json`, loaded at boot and served as is.
struct OpenAPIDocument: Sendable {
    let data: Data

    init(file: URL) throws {
        data = try Data(contentsOf: file)
    }

    func addRoutes<Context: AppContext>(to group: RouterGroup<Context>) {
        let data = self.data
        group.get("openapi.json") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
