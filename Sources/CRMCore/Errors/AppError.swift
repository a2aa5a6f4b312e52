import HTTPTypes

/// The one error type the API speaks (SPEC §14). Every module error maps to it; the error
/// middleware encodes it as `{"error": {code, message, fields?, details?, requestId}}`.
///
/// `code` is stable and machine-readable; `messageKey` names a string in `lang/*.json` that is
/// localized per request; `fields` lists every bad input field at once (field → problem code).
public struct AppError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var messageKey: String
    /// Values substituted into the localized message: `{name}` placeholders.
    public var messageArguments: [String: String]
    public var fields: [String: String]?
    public var details: [String: JSONValue]?
    /// Extra response headers, e.g. `Retry-After` on 429 or `Allow` on 405.
    public var headers: HTTPFields

    public init(
        status: HTTPResponse.Status,
        code: String,
        messageKey: String? = nil,
        messageArguments: [String: String] = [:],
        fields: [String: String]? = nil,
        details: [String: JSONValue]? = nil,
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.messageKey = messageKey ?? "error.\(code)"
        self.messageArguments = messageArguments
        self.fields = fields
        self.details = details
        self.headers = headers
    }
}

extension AppError {
    /// 400 with every bad field listed; `fields` maps a field name to a problem code such as
    /// `required`, `invalid`, `too_many_decimals`.
    /// 409 `invalid_transition`: a state machine does not allow `from → to` (both in `details`).
    public static func invalidTransition(from: String, to: String) -> AppError {
        AppError(
            status: .conflict, code: "invalid_transition", messageArguments: ["from": from, "to": to],
            details: ["from": .string(from), "to": .string(to)])
    }

    public static func validation(_ fields: [String: String]) -> AppError {
        AppError(status: .badRequest, code: "validation_error", fields: fields)
    }

    public static func validation(field: String, _ problem: String) -> AppError {
        validation([field: problem])
    }

    public static func badRequest(_ code: String = "bad_request", details: [String: JSONValue]? = nil) -> AppError {
        AppError(status: .badRequest, code: code, details: details)
    }

    /// 404. Also the answer for another tenant's ids, so their existence never leaks.
    public static func notFound(_ code: String = "not_found") -> AppError {
        AppError(status: .notFound, code: code)
    }

    public static func conflict(_ code: String = "conflict", fields: [String: String]? = nil, details: [String: JSONValue]? = nil)
        -> AppError
    {
        AppError(status: .conflict, code: code, fields: fields, details: details)
    }

    public static func unauthorized(_ code: String = "unauthorized") -> AppError {
        AppError(status: .unauthorized, code: code)
    }

    public static func forbidden(_ code: String = "forbidden", details: [String: JSONValue]? = nil) -> AppError {
        AppError(status: .forbidden, code: code, details: details)
    }

    public static func unprocessable(_ code: String, details: [String: JSONValue]? = nil) -> AppError {
        AppError(status: .unprocessableContent, code: code, details: details)
    }

    public static func tooManyRequests(retryAfterSeconds: Int) -> AppError {
        var headers = HTTPFields()
        headers[.retryAfter] = String(max(1, retryAfterSeconds))
        return AppError(
            status: .tooManyRequests, code: "rate_limited",
            details: ["retryAfter": .int(Int64(max(1, retryAfterSeconds)))], headers: headers)
    }

    public static func serviceUnavailable(_ code: String = "service_unavailable") -> AppError {
        AppError(status: .serviceUnavailable, code: code)
    }

    public static let `internal` = AppError(status: .internalServerError, code: "internal_error")
}
