import Foundation
import Providers
import Testing

/// A real SMTP server for the SMTP sender tests: Python's aiosmtpd (PyPI; scripts/test installs
/// it into var/test-python and exports `AIOSMTPD_PYTHONPATH`) on a free loopback port. It requires
/// AUTH (user `mailer`, password `s3cret-pass`, allowed without TLS on loopback), refuses RCPT
/// for `nobody@…` (550) and `busy@…` (451), and writes every accepted message to `<n>.eml`.
/// Received messages are parsed with Python's `email` package (`parse`). With `.startTLS` it
/// offers and requires STARTTLS, with `.implicitTLS` it speaks TLS from the start; both use a
/// self-signed certificate for 127.0.0.1 made by openssl (`certificateFile`).
public final class LocalSMTPServer: Sendable {
    public static let user = "mailer"
    public static let password = "s3cret-pass"

    public let port: Int
    let directory: URL

    private init(port: Int, directory: URL) {
        self.port = port
        self.directory = directory
    }

    public var certificateFile: String { directory.appendingPathComponent("cert.pem").path }

    public static func run<T>(security: SMTPServer.Security = .none, _ body: (LocalSMTPServer) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("server.py")
        try serverScript.write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, directory.path, security.rawValue]
        process.environment = pythonEnvironment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: createFile(directory.appendingPathComponent("stderr.log")))
        try process.run()
        // Child processes inherit a blocked SIGTERM under `swift test`: stop with SIGKILL.
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let portFile = directory.appendingPathComponent("port")
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return try await body(LocalSMTPServer(port: port, directory: directory))
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
        throw TestPython.Failed(message: "the SMTP server did not start (is aiosmtpd installed? scripts/test installs it): \(log)")
    }

    /// The raw messages received so far, in order.
    public func received() throws -> [Data] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }
        return try files.sorted { Int($0.dropLast(4))! < Int($1.dropLast(4))! }.map { try Data(contentsOf: directory.appendingPathComponent($0)) }
    }

    /// The envelope of message `n` (1-based): `mail_from`, `rcpt_tos`, `login`.
    public func envelope(_ number: Int) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(number).json"))
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// Message `n` as Python's `email` package (policy.default) reads it.
    public func parsed(_ number: Int) throws -> ParsedMail {
        let output = try Self.python(["-c", Self.parseScript, directory.appendingPathComponent("\(number).eml").path])
        return try JSONDecoder().decode(ParsedMail.self, from: Data(output.utf8))
    }

    public struct ParsedMail: Decodable, Sendable {
        public let from: String
        public let to: String
        public let subject: String
        public let date: String?
        public let dateValid: Bool
        public let messageId: String?
        public let contentType: String
        public let parts: [Part]
        public let defects: Int

        public struct Part: Decodable, Equatable, Sendable {
            public let type: String
            public let charset: String?
            public let content: String

            public init(type: String, charset: String?, content: String) {
                self.type = type
                self.charset = charset
                self.content = content
            }
        }
    }

    private static func createFile(_ url: URL) -> URL {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }

    private static var pythonEnvironment: [String: String] { TestPython.environment(package: "aiosmtpd", variable: "AIOSMTPD_PYTHONPATH") }

    private static func python(_ arguments: [String]) throws -> String {
        try TestPython.run(arguments, package: "aiosmtpd", variable: "AIOSMTPD_PYTHONPATH")
    }

    static let serverScript = #"""
        import asyncio, json, os, ssl, subprocess, sys
        from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

        OUT = sys.argv[1]
        MODE = sys.argv[2] if len(sys.argv) > 2 else "none"
        USER, PASSWORD = b"mailer", b"s3cret-pass"
        count = 0

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.startswith("nobody@"):
                    return "550 5.1.1 No such user here"
                if address.startswith("busy@"):
                    return "451 4.3.0 Mailbox busy, try again later"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                global count
                count += 1
                base = os.path.join(OUT, str(count))
                login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else None
                with open(base + ".json", "w") as f:
                    json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "login": login}, f)
                with open(base + ".tmp", "wb") as f:
                    f.write(envelope.original_content)
                os.rename(base + ".tmp", base + ".eml")
                return "250 2.0.0 Message accepted for delivery"

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER and auth_data.password == PASSWORD
            return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)

        async def main():
            handler = Handler()
            loop = asyncio.get_running_loop()
            context = None
            if MODE != "none":
                cert, key = os.path.join(OUT, "cert.pem"), os.path.join(OUT, "key.pem")
                subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
                context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                context.load_cert_chain(cert, key)
            if MODE == "starttls":
                factory = lambda: SMTP(handler, authenticator=authenticator, auth_required=True, decode_data=False, hostname="fake-smtp",
                    tls_context=context, require_starttls=True)
            else:
                factory = lambda: SMTP(handler, authenticator=authenticator, auth_required=True, auth_require_tls=False, decode_data=False,
                    hostname="fake-smtp")
            server = await loop.create_server(factory, "127.0.0.1", 0, ssl=context if MODE == "tls" else None)
            port = server.sockets[0].getsockname()[1]
            with open(os.path.join(OUT, "port.tmp"), "w") as f:
                f.write(str(port))
            os.rename(os.path.join(OUT, "port.tmp"), os.path.join(OUT, "port"))
            await server.serve_forever()

        asyncio.run(main())
        """#

    static let parseScript = #"""
        import json, sys, email, email.policy, email.utils
        with open(sys.argv[1], "rb") as f:
            raw = f.read()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for part in (msg.walk() if msg.is_multipart() else [msg]):
            if part.is_multipart():
                continue
            parts.append({"type": part.get_content_type(), "charset": part.get_content_charset(), "content": part.get_content()})
        try:
            valid = email.utils.parsedate_to_datetime(msg["Date"]) is not None
        except Exception:
            valid = False
        defects = len(msg.defects) + sum(len(p.defects) for p in msg.walk())
        print(json.dumps({"from": str(msg["From"]), "to": str(msg["To"]), "subject": str(msg["Subject"]), "date": msg["Date"] and str(msg["Date"]),
            "dateValid": valid, "messageId": msg["Message-ID"] and str(msg["Message-ID"]), "contentType": msg.get_content_type(),
            "parts": parts, "defects": defects}))
        """#
}
