import CCurl
import Foundation
import NIOPosix

/// Where and how to reach an SMTP server.
public struct SMTPServer: Sendable, Equatable, CustomStringConvertible {
    public enum Security: String, Sendable, Equatable, CaseIterable {
        /// Plain SMTP; only for a relay on the same host or private network.
        case none
        /// `smtp://`, STARTTLS required: the exchange stops if the server does not offer it.
        case startTLS = "starttls"
        /// `smtps://` (port 465): TLS from the first byte.
        case implicitTLS = "tls"
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    public var timeout: Duration
    /// A PEM file of CA certificates to trust instead of the system's (a relay with a private CA).
    /// Verification itself is never turned off.
    public var caCertificateFile: String?

    public init(
        host: String, port: Int, security: Security, username: String? = nil, password: String? = nil, timeout: Duration = .seconds(30),
        caCertificateFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.timeout = timeout
        self.caCertificateFile = caCertificateFile
    }

    public var description: String {
        "SMTPServer(\(host):\(port), \(security.rawValue), user: \(username ?? "-"), password: \(password == nil ? "-" : "<redacted>"))"
    }
}

/// One SMTP failure as libcurl reports it: its code, the server's last reply code, and its text.
public struct SMTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var curlCode: Int
    /// The server's last reply (`550`, `535`), 0 when the server never answered.
    public var replyCode: Int
    public var detail: String

    public var description: String { "SMTP failed (curl \(curlCode), reply \(replyCode)): \(detail)" }
}

/// SMTP submission over libcurl's easy interface, on its own thread pool (blocking calls never
/// sit on an event loop). Separate from `CurlHTTPTransport` so that one keeps its http/https-only
/// protocol restriction; this one allows smtp/smtps only. libcurl does the dialogue (EHLO,
/// STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA) and the dot-stuffing of the uploaded message. TLS
/// verification stays on; nothing is logged.
public final class CurlSMTPTransport: Sendable {
    private let threadPool: NIOThreadPool

    public init(concurrency: Int = 4) {
        CurlGlobal.initialize()
        threadPool = NIOThreadPool(numberOfThreads: concurrency)
        threadPool.start()
    }

    deinit { threadPool.shutdownGracefully { _ in } }

    /// Connects, authenticates and says NOOP without sending anything (the integration check):
    /// wrong credentials fail like a submission would (535 → `CURLE_LOGIN_DENIED`).
    public func verify(_ server: SMTPServer) async throws {
        try await threadPool.runIfActive { try SMTPProbe(server: server).perform() }
    }

    /// Submits `message` (a complete RFC 5322 message with CRLF line ends) from `from` to `recipients`.
    public func send(from: String, recipients: [String], message: Data, via server: SMTPServer) async throws {
        for address in [from] + recipients where address.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" }) {
            throw SMTPTransportError(curlCode: Int(CURLE_BAD_FUNCTION_ARGUMENT.rawValue), replyCode: 0, detail: "malformed address")
        }
        try await threadPool.runIfActive { try SMTPExchange(from: from, recipients: recipients, message: message, server: server).perform() }
    }
}

/// One blocking libcurl SMTP submission.
struct SMTPExchange {
    let from: String
    let recipients: [String]
    let message: Data
    let server: SMTPServer

    final class Source {
        let data: Data
        var offset = 0
        init(_ data: Data) { self.data = data }
    }

    func perform() throws {
        guard let handle = curl_easy_init() else { throw SMTPTransportError(curlCode: -1, replyCode: 0, detail: "curl_easy_init failed") }
        defer { curl_easy_cleanup(handle) }
        var recipientList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(recipientList) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }

        Self.connect(handle, to: server)
        _ = ccurl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(from)>")
        for recipient in recipients { recipientList = curl_slist_append(recipientList, "<\(recipient)>") }
        _ = ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipientList)
        _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)

        let source = Source(message)
        _ = ccurl_setopt_long(handle, CURLOPT_UPLOAD, 1)
        _ = ccurl_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.count))
        _ = ccurl_setopt_read_function(handle) { buffer, size, count, userdata in
            let source = Unmanaged<Source>.fromOpaque(userdata!).takeUnretainedValue()
            let length = min(size * count, source.data.count - source.offset)
            if length > 0, let buffer {
                source.data.withUnsafeBytes { raw in
                    buffer.update(from: raw.baseAddress!.advanced(by: source.offset).assumingMemoryBound(to: CChar.self), count: length)
                }
                source.offset += length
            }
            return length
        }
        let code: CURLcode = withExtendedLifetime(source) {
            _ = ccurl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(source).toOpaque())
            return curl_easy_perform(handle)
        }
        try Self.check(code, handle: handle, errorBuffer: errorBuffer)
    }

    /// Where and how to connect and authenticate: the server's URL, TLS (verification always
    /// on), timeouts, credentials. The same for a submission and a connection check.
    static func connect(_ handle: UnsafeMutableRawPointer, to server: SMTPServer) {
        let scheme = server.security == .implicitTLS ? "smtps" : "smtp"
        let host = server.host.contains(":") ? "[\(server.host)]" : server.host
        _ = ccurl_setopt_string(handle, CURLOPT_URL, "\(scheme)://\(host):\(server.port)")
        _ = ccurl_setopt_long(handle, CURLOPT_PROTOCOLS, Int(CURLPROTO_SMTP | CURLPROTO_SMTPS))
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = server.caCertificateFile { _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        if server.security == .startTLS { _ = ccurl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        let milliseconds = server.timeout.components.seconds * 1000 + server.timeout.components.attoseconds / 1_000_000_000_000_000
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(max(1, milliseconds)))
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(max(1, min(milliseconds, 10_000))))
        _ = ccurl_setopt_string(handle, CURLOPT_NOPROXY, "*")
        if let username = server.username { _ = ccurl_setopt_string(handle, CURLOPT_USERNAME, username) }
        if let password = server.password { _ = ccurl_setopt_string(handle, CURLOPT_PASSWORD, password) }
    }

    static func check(_ code: CURLcode, handle: UnsafeMutableRawPointer, errorBuffer: UnsafeMutablePointer<CChar>) throws {
        guard code != CURLE_OK else { return }
        var reply = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &reply)
        let buffered = String(cString: errorBuffer)
        let detail = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
        throw SMTPTransportError(curlCode: Int(code.rawValue), replyCode: reply, detail: detail)
    }
}

/// One blocking connection check: connect, EHLO, STARTTLS when required, AUTH when a user is
/// set, then `NOOP` and QUIT — no MAIL FROM, nothing is sent. libcurl runs a custom SMTP command
/// instead of a mail transfer when `CURLOPT_CUSTOMREQUEST` is set with `CURLOPT_NOBODY` and no
/// upload (curl's own test 929: `-X NOOP -I` gives EHLO, NOOP, QUIT).
struct SMTPProbe {
    let server: SMTPServer

    func perform() throws {
        guard let handle = curl_easy_init() else { throw SMTPTransportError(curlCode: -1, replyCode: 0, detail: "curl_easy_init failed") }
        defer { curl_easy_cleanup(handle) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        SMTPExchange.connect(handle, to: server)
        _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "NOOP")
        _ = ccurl_setopt_long(handle, CURLOPT_NOBODY, 1)
        // The NOOP reply is not kept: a write callback that swallows it keeps it off stdout.
        _ = ccurl_setopt_write_function(handle) { _, size, count, _ in size * count }
        try SMTPExchange.check(curl_easy_perform(handle), handle: handle, errorBuffer: errorBuffer)
    }
}
