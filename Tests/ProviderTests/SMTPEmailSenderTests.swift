import CRMCore
import Foundation
import Providers
import Testing
import TestSupport

/// The SMTP sender against a real SMTP server (aiosmtpd) on loopback; the received message is
/// parsed by Python's `email` package, not by our own code.
@Suite(.serialized) struct SMTPEmailSenderTests {
    let transport = CurlSMTPTransport(concurrency: 2)
    static let now = Date(timeIntervalSince1970: 1_780_304_400)  // 2026-06-01 09:00:00 UTC

    func sender(_ server: LocalSMTPServer, password: String = LocalSMTPServer.password, timeout: Duration = .seconds(30)) -> SMTPEmailSender {
        SMTPEmailSender(
            transport: transport,
            configuration: .init(
                server: SMTPServer(
                    host: "127.0.0.1", port: server.port, security: .none, username: LocalSMTPServer.user, password: password, timeout: timeout),
                fromAddress: "noreply@studio.example", fromName: "Студия Veloria"),
            now: { Self.now })
    }

    @Test func deliversAMultipartMessageWithEncodedHeadersAndBothParts() async throws {
        try await LocalSMTPServer.run { server in
            // given
            let text = "Здравствуйте, Анна!\nЖдём вас завтра в 10:00.\n.\nСтрока с точкой выше — не конец письма."
            let html = "<p>Здравствуйте, <b>Анна</b>!</p><p>" + String(repeating: "Длинная строка без переносов. ", count: 20) + "</p>"
            // when
            let receipt = try await sender(server).send(
                .email(to: "anna@client.example", subject: "Напоминание о записи — завтра в 10:00, студия Veloria", text: text, html: html))
            // then
            #expect(receipt.provider == "smtp")
            #expect(receipt.status == .sent)
            #expect(receipt.providerMessageId.hasSuffix("@studio.example"))
            let envelope = try server.envelope(1)
            #expect(envelope["mail_from"] as? String == "noreply@studio.example")
            #expect(envelope["rcpt_tos"] as? [String] == ["anna@client.example"])
            #expect(envelope["login"] as? String == "mailer")
            let mail = try server.parsed(1)
            #expect(mail.from == "Студия Veloria <noreply@studio.example>")
            #expect(mail.to == "anna@client.example")
            #expect(mail.subject == "Напоминание о записи — завтра в 10:00, студия Veloria")
            #expect(mail.date == "Mon, 01 Jun 2026 09:00:00 +0000")
            #expect(mail.dateValid)
            #expect(mail.messageId == "<\(receipt.providerMessageId)>")
            #expect(mail.contentType == "multipart/alternative")
            // Text parts travel in canonical form, so their line ends come back as CRLF.
            #expect(
                mail.parts == [
                    .init(type: "text/plain", charset: "utf-8", content: text.replacingOccurrences(of: "\n", with: "\r\n")),
                    .init(type: "text/html", charset: "utf-8", content: html),
                ])
            #expect(mail.defects == 0)
            let raw = String(decoding: try #require(try server.received().first), as: UTF8.self)
            #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            #expect(raw.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 78 })
        }
    }

    @Test func aTextOnlyMessageIsASinglePartAndWorksAsTheAccountEmailSender() async throws {
        try await LocalSMTPServer.run { server in
            // given
            let accountMail: any EmailSender = sender(server)
            // when
            try await accountMail.send(
                EmailMessage(to: "owner@studio.example", subject: "Reset your password", text: "Follow the link: https://x.example/r"))
            // then
            let mail = try server.parsed(1)
            #expect(mail.subject == "Reset your password")
            #expect(mail.contentType == "text/plain")
            #expect(mail.parts.map(\.content) == ["Follow the link: https://x.example/r"])
        }
    }

    @Test func aWrongPasswordIsAPermanentAuthFailure() async throws {
        try await LocalSMTPServer.run { server in
            // when
            let failure = try #require(
                await sendFailure {
                    _ = try await sender(server, password: "wrong-pass").send(.email(to: "a@client.example", subject: "s", text: "t"))
                })
            // then
            #expect(failure.reason == .authRejected)
            #expect(failure.isPermanent)
            #expect(!"\(failure)".contains("wrong-pass"))
            #expect(try server.received().isEmpty)
        }
    }

    @Test func aRefusedRecipientIsPermanentAndABusyMailboxTemporary() async throws {
        try await LocalSMTPServer.run { server in
            // when
            let refused = try #require(
                await sendFailure { _ = try await sender(server).send(.email(to: "nobody@client.example", subject: "s", text: "t")) })
            let busy = try #require(
                await sendFailure { _ = try await sender(server).send(.email(to: "busy@client.example", subject: "s", text: "t")) })
            // then
            #expect(refused.reason == .badRecipient)
            #expect(refused.code == "550")
            #expect(refused.isPermanent)
            #expect(busy.code == "451")
            #expect(busy.kind == .temporary)
            #expect(try server.received().isEmpty)
        }
    }

    @Test func startTLSIsRequiredWhenAskedFor() async throws {
        try await LocalSMTPServer.run { server in
            // given: the local server offers no STARTTLS
            let sender = SMTPEmailSender(
                transport: transport,
                configuration: .init(
                    server: SMTPServer(
                        host: "127.0.0.1", port: server.port, security: .startTLS, username: LocalSMTPServer.user, password: LocalSMTPServer.password),
                    fromAddress: "noreply@studio.example"))
            // when
            let failure = try #require(await sendFailure { _ = try await sender.send(.email(to: "a@client.example", subject: "s", text: "t")) })
            // then: nothing goes out in clear text, and retrying would not help
            #expect(failure.reason == .invalidRequest)
            #expect(failure.isPermanent)
            #expect(try server.received().isEmpty)
        }
    }

    @Test(arguments: [SMTPServer.Security.startTLS, .implicitTLS])
    func tlsDeliversWhenTheCertificateIsTrusted(security: SMTPServer.Security) async throws {
        try await LocalSMTPServer.run(security: security) { server in
            // given: the server's self-signed certificate as the trusted CA
            let sender = SMTPEmailSender(
                transport: transport,
                configuration: .init(
                    server: SMTPServer(
                        host: "127.0.0.1", port: server.port, security: security, username: LocalSMTPServer.user, password: LocalSMTPServer.password,
                        caCertificateFile: server.certificateFile),
                    fromAddress: "noreply@studio.example"))
            // when
            _ = try await sender.send(.email(to: "anna@client.example", subject: "Через TLS", text: "Защищённое письмо"))
            // then
            let mail = try server.parsed(1)
            #expect(mail.subject == "Через TLS")
            #expect(mail.parts.map(\.content) == ["Защищённое письмо"])
            #expect(try server.envelope(1)["login"] as? String == "mailer")
        }
    }

    @Test func anUntrustedCertificateIsRefusedBeforeAnythingIsSent() async throws {
        try await LocalSMTPServer.run(security: .startTLS) { server in
            // given: verification against the system CAs, which do not know the self-signed certificate
            let sender = SMTPEmailSender(
                transport: transport,
                configuration: .init(
                    server: SMTPServer(
                        host: "127.0.0.1", port: server.port, security: .startTLS, username: LocalSMTPServer.user, password: LocalSMTPServer.password),
                    fromAddress: "noreply@studio.example"))
            // when
            let failure = try #require(await sendFailure { _ = try await sender.send(.email(to: "a@client.example", subject: "s", text: "t")) })
            // then
            #expect(failure.reason == .connection)
            #expect(!"\(failure)".contains(LocalSMTPServer.password))
            #expect(try server.received().isEmpty)
        }
    }

    @Test func noServerIsATemporaryConnectionFailure() async throws {
        // given: a port nobody listens on
        let sender = SMTPEmailSender(
            transport: transport,
            configuration: .init(
                server: SMTPServer(host: "127.0.0.1", port: 1, security: .startTLS, timeout: .seconds(3)), fromAddress: "noreply@studio.example"))
        // when
        let failure = try #require(await sendFailure { _ = try await sender.send(.email(to: "a@client.example", subject: "s", text: "t")) })
        // then
        #expect(failure.reason == .connection)
        #expect(failure.kind == .temporary)
    }
}
