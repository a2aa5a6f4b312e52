import Hummingbird
import Logging

/// `public/` served at `/`. Pages revalidate on every load (they change with each deploy);
/// styles, scripts and images may be cached for an hour, since vendor files are not fingerprinted.
enum StaticFiles {
    static func middleware<Context: RequestContext>(directory: String, logger: Logger) -> FileMiddleware<Context, LocalFileSystem> {
        FileMiddleware(
            directory,
            cacheControl: .init([
                (.textHtml, [.noCache]),
                (.textCss, [.public, .maxAge(3600)]),
                (.textJavascript, [.public, .maxAge(3600)]),
                (.imageSvg, [.public, .maxAge(86400)]),
                (.imagePng, [.public, .maxAge(86400)]),
                (.applicationJson, [.noCache]),
            ]),
            searchForIndexHtml: true,
            logger: logger
        )
    }
}
