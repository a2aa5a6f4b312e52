import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every thrown error into the SPEC §14 error body:
/// `{"error": {"code", "message", "fields"?, "details"?, "requestId"}}`. Unknown errors become a
/// 500 that reveals nothing but the request id, and are logged at error level.
public struct ErrorMiddleware<Context: AppContext>: RouterMiddleware {
    let catalog: MessageCatalog
    let routes: RouteIndex

    public init(catalog: MessageCatalog, routes: RouteIndex) {
        self.catalog = catalog
        self.routes = routes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let appError = translate(error, request: request)
            if appError.status == .internalServerError {
                context.logger.error(
                    "unhandled error", metadata: ["error": .string(String(reflecting: error)), "path": .string(request.uri.path)])
            }
            return ErrorResponse.make(appError, requestId: context.requestId, locale: context.locale, catalog: catalog)
        }
    }

    func translate(_ error: any Error, request: Request) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let error as DecodingError:
            return DecodingErrorMapping.appError(error)
        case let error as HTTPError:
            return translate(error, request: request)
        case let error as any HTTPResponseError:
            return Self.appError(for: error.status, headers: [:])
        case let error where UniqueViolation.matches(error):
            // A race past a service's own check (or a check nobody wrote): the loser is told which
            // value is taken, never a 500. Services that know the field better map it themselves.
            return .conflict(fields: [UniqueViolation.field(of: error) ?? "id": "taken"])
        default:
            return .internal
        }
    }

    private func translate(_ error: HTTPError, request: Request) -> AppError {
        if error.status == .notFound {
            let allowed = routes.allowedMethods(for: request.uri.path)
            if !allowed.isEmpty, !allowed.contains(request.method) {
                var headers = HTTPFields()
                headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                return AppError(
                    status: .methodNotAllowed, code: "method_not_allowed",
                    details: ["allowed": .array(allowed.map { .string($0.rawValue) })], headers: headers)
            }
        }
        return Self.appError(for: error.status, headers: error.headers)
    }

    static func appError(for status: HTTPResponse.Status, headers: HTTPFields) -> AppError {
        let code = code(for: status)
        // Statuses without a dedicated message share a generic one.
        let messageKey = code.hasPrefix("http_") ? "error.http_error" : nil
        return AppError(status: status, code: code, messageKey: messageKey, headers: headers)
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "unprocessable"
        case 429: "rate_limited"
        case 500..<600: status.code == 503 ? "service_unavailable" : "internal_error"
        default: "http_\(status.code)"
        }
    }
}

/// Builds the error response body; shared by the middleware and by code that answers an error
/// without throwing (e.g. readiness).
public enum ErrorResponse {
    struct Envelope: Encodable {
        struct Body: Encodable {
            let code: String
            let message: String
            let fields: [String: String]?
            let details: [String: JSONValue]?
            let requestId: String
        }
        let error: Body
    }

    public static func make(_ error: AppError, requestId: String, locale: AppLocale, catalog: MessageCatalog) -> Response {
        let body = Envelope(
            error: .init(
                code: error.code,
                message: catalog.message(error.messageKey, locale: locale, arguments: error.messageArguments),
                fields: error.fields, details: error.details, requestId: requestId))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data(#"{"error":{"code":"internal_error"}}"#.utf8)
        var headers = error.headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLanguage] = locale.rawValue
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
