import CCurl
import Foundation
import NIOPosix

/// `HTTPTransport` over libcurl's easy interface. Each exchange runs on a thread of a dedicated
/// pool (a blocking call must never sit on an event loop). TLS peer and host verification stay
/// on; nothing about the request (credentials included) is logged.
public final class CurlHTTPTransport: HTTPTransport {
    private let threadPool: NIOThreadPool

    /// `concurrency` bounds how many exchanges run at once.
    public init(concurrency: Int = 8) {
        CurlGlobal.initialize()
        threadPool = NIOThreadPool(numberOfThreads: concurrency)
        threadPool.start()
    }

    deinit { threadPool.shutdownGracefully { _ in } }

    public func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        guard let scheme = request.url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw TransportError.invalidRequest("only http and https URLs are sent")
        }
        return try await threadPool.runIfActive { try CurlExchange(request).perform() }
    }
}

enum CurlGlobal {
    private static let done: Bool = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK }()
    static func initialize() { _ = done }
}

/// One blocking libcurl exchange.
struct CurlExchange {
    let request: OutboundRequest

    init(_ request: OutboundRequest) { self.request = request }

    final class Sink {
        var body = Data()
        var headerLines: [String] = []
        var upload: Data = Data()
        var uploadOffset = 0
    }

    func perform() throws -> OutboundResponse {
        guard let handle = curl_easy_init() else { throw TransportError.connection("curl_easy_init failed") }
        defer { curl_easy_cleanup(handle) }
        let sink = Sink()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        _ = ccurl_setopt_string(handle, CURLOPT_URL, request.url.absoluteString)
        _ = ccurl_setopt_long(handle, CURLOPT_PROTOCOLS, Int(CURLPROTO_HTTP | CURLPROTO_HTTPS))
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        let milliseconds = request.timeout.components.seconds * 1000 + request.timeout.components.attoseconds / 1_000_000_000_000_000
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(max(1, milliseconds)))
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(max(1, min(milliseconds, 10_000))))
        _ = ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method.uppercased())
        if request.method.uppercased() == "HEAD" { _ = ccurl_setopt_long(handle, CURLOPT_NOBODY, 1) }
        // Providers are reached directly; a proxy from the environment is not applied silently.
        _ = ccurl_setopt_string(handle, CURLOPT_NOPROXY, "*")

        for header in request.headers { headerList = curl_slist_append(headerList, "\(header.name): \(header.value)") }
        // curl would otherwise add "Expect: 100-continue" to larger bodies and wait for it.
        headerList = curl_slist_append(headerList, "Expect:")
        _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)

        if let body = request.body {
            sink.upload = body
            _ = ccurl_setopt_long(handle, CURLOPT_UPLOAD, 0)
            _ = ccurl_setopt_long(handle, CURLOPT_POST, 1)
            _ = ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            _ = ccurl_setopt_read_function(handle) { buffer, size, count, userdata in
                let sink = Unmanaged<Sink>.fromOpaque(userdata!).takeUnretainedValue()
                let capacity = size * count
                let remaining = sink.upload.count - sink.uploadOffset
                let length = min(capacity, remaining)
                if length > 0, let buffer {
                    sink.upload.withUnsafeBytes { raw in
                        buffer.update(from: raw.baseAddress!.advanced(by: sink.uploadOffset).assumingMemoryBound(to: CChar.self), count: length)
                    }
                    sink.uploadOffset += length
                }
                return length
            }
            // POST with a read callback keeps the method given by CUSTOMREQUEST (PUT, PATCH, …).
        }
        _ = ccurl_setopt_write_function(handle) { pointer, size, count, userdata in
            let sink = Unmanaged<Sink>.fromOpaque(userdata!).takeUnretainedValue()
            let length = size * count
            if let pointer { pointer.withMemoryRebound(to: UInt8.self, capacity: length) { sink.body.append($0, count: length) } }
            return length
        }
        _ = ccurl_setopt_header_function(handle) { pointer, size, count, userdata in
            let sink = Unmanaged<Sink>.fromOpaque(userdata!).takeUnretainedValue()
            let length = size * count
            if let pointer {
                let line = pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                }
                sink.headerLines.append(line.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return length
        }

        let opaque = Unmanaged.passUnretained(sink).toOpaque()
        let code: CURLcode = withExtendedLifetime(sink) {
            _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, opaque)
            _ = ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, opaque)
            _ = ccurl_setopt_pointer(handle, CURLOPT_READDATA, opaque)
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else { throw Self.transportError(code) }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return OutboundResponse(status: status, headers: Self.parseHeaders(sink.headerLines), body: sink.body)
    }

    /// Headers of the final response only (a redirect or `100 Continue` starts a new block).
    static func parseHeaders(_ lines: [String]) -> [String: String] {
        var headers: [String: String] = [:]
        for line in lines {
            if line.hasPrefix("HTTP/") { headers = [:]; continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        return headers
    }

    static func transportError(_ code: CURLcode) -> TransportError {
        let text = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE:
            return .tls(text)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return .invalidRequest(text)
        default: return .connection(text)
        }
    }
}
