import CRMCore
import Foundation
import Hummingbird

/// `GET /api/v1/i18n/{locale}`: the interface strings of `lang/<locale>.json` for the web app and
/// the public pages, so the browser and the server speak from one catalog. Public: nothing in it
/// is a secret, and the sign-in page needs it before anyone is signed in.
public struct InterfaceStringsController<Context: AppContext>: Sendable {
    /// Each language's strings, encoded once: the catalog does not change while the server runs.
    let encoded: [AppLocale: Data]

    public init(catalog: MessageCatalog) {
        var encoded: [AppLocale: Data] = [:]
        for locale in AppLocale.allCases { encoded[locale] = try? JSONEncoder.sortedForStrings.encode(catalog.all(for: locale)) }
        self.encoded = encoded
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("i18n/:locale", use: strings)
    }

    @Sendable func strings(_ request: Request, context: Context) async throws -> Response {
        let name = context.parameters.get("locale") ?? ""
        guard let locale = AppLocale(rawValue: name), let data = encoded[locale] else { throw AppError.notFound() }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

private extension JSONEncoder {
    static var sortedForStrings: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
