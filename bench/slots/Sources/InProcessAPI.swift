import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Modules
import NIOCore
import NIOEmbedded
import Plans
import Synchronization
import Tenancy

/// The application's tenant routes the bench needs, answered in process: a `Request` goes
/// through the router, the authentication middleware and the real controllers, without a socket.
/// Seeding uses it (every row is written the way the API writes it) and so does the HTTP figure.
struct InProcessAPI: Sendable {
    let responder: RouterResponder<APIRequestContext>
    let logger: Logger

    init(database: Database, clock: any AppClock, availability: AvailabilityService, appointments: AppointmentsService, logger: Logger) {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: RequestContextMiddleware(clock: clock, defaultLocale: .en))
        router.add(middleware: AuthenticationMiddleware(database: database))
        let routes = TenantRoutes(group: router.group("api/v1").group(context: TenantRequestContext.self), prefix: "/api/v1", book: RoutePolicyBook())
        let settings = SettingsService(database: database)
        ClientsController(service: ClientsService(database: database, settings: settings, appointments: AppointmentClientScope())).addRoutes(tenant: routes)
        ServicesController(service: ServicesService(database: database)).addRoutes(to: routes)
        LocationsController(service: LocationsService(database: database)).addRoutes(to: routes)
        StaffController(service: StaffService(database: database)).addRoutes(to: routes)
        AppointmentsController(service: appointments).addRoutes(to: routes)
        AvailabilityController(service: availability).addRoutes(to: routes)
        responder = router.buildResponder()
        self.logger = logger
    }

    struct Answer {
        let status: HTTPResponse.Status
        let body: ByteBuffer

        var text: String { String(buffer: body) }

        func decoded<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: Data(buffer: body)) }
    }

    /// One request with `Authorization: Bearer <token>`; a thrown `AppError` is answered with its status, as the
    /// server's error middleware would.
    func call(_ method: HTTPRequest.Method, _ path: String, token: String, json: String? = nil) async throws -> Answer {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if json != nil { headers[.contentType] = "application/json" }
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "127.0.0.1", path: path, headerFields: headers),
            body: RequestBody(buffer: ByteBuffer(string: json ?? "")))
        let context = APIRequestContext(source: ApplicationRequestContextSource(channel: EmbeddedChannel(), logger: logger))
        do {
            let response = try await responder.respond(to: request, context: context)
            let storage = BodyStorage()
            try await response.body.write(BodySink(storage: storage))
            return Answer(status: response.status, body: storage.buffer.withLock { $0 })
        } catch let error as AppError {
            return Answer(status: error.status, body: ByteBuffer(string: "\(error)"))
        }
    }

    /// `call`, requiring a 2xx answer.
    func ok(_ method: HTTPRequest.Method, _ path: String, token: String, json: String? = nil) async throws -> Answer {
        let answer = try await call(method, path, token: token, json: json)
        guard (200..<300).contains(answer.status.code) else {
            throw BenchFailure("\(method) \(path) answered \(answer.status.code): \(answer.text)")
        }
        return answer
    }
}

/// A response body as written.
private final class BodyStorage: Sendable {
    let buffer = Mutex(ByteBuffer())
}

/// Collects a response body into its storage.
private struct BodySink: ResponseBodyWriter {
    let storage: BodyStorage

    mutating func write(_ buffer: ByteBuffer) async throws {
        storage.buffer.withLock { stored in
            var incoming = buffer
            stored.writeBuffer(&incoming)
        }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
