import Foundation
import Testing

@testable import Providers

@Suite struct MessagingEncodingTests {
    @Test func encodedWordsStayWithinSeventyFiveCharactersAndNeverSplitACharacter() throws {
        // given
        let subject = String(repeating: "Запись 😀 ", count: 12)
        // when
        let words = MIMEMessage.encodedWords(subject)
        // then
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 60 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        let decoded = words.map { word in
            let payload = Data(base64Encoded: String(word.dropFirst("=?UTF-8?B?".count).dropLast(2))) ?? Data()
            return String(decoding: payload, as: UTF8.self)
        }
        #expect(decoded.joined() == subject)
    }

    @Test func headersAreSingleLineAndAsciiNamesAreQuoted() {
        #expect(MIMEMessage.header("Subject", "Plain subject") == "Subject: Plain subject")
        #expect(MIMEMessage.singleLine("a\r\nBcc: x@y.example") == "a  Bcc: x@y.example")
        #expect(MIMEMessage.mailbox(address: "a@b.example", name: #"Studio "A""#) == #""Studio \"A\"" <a@b.example>"#)
        #expect(MIMEMessage.rfc5322Date(Date(timeIntervalSince1970: 1_793_011_200)) == "Mon, 26 Oct 2026 10:40:00 +0000")
    }

    @Test func providerCostsAreRoundedToMinorUnits() {
        #expect(ProviderCost.parse("5.49", currency: "RUB") == ProviderCost(minorUnits: 549, currency: "RUB"))
        #expect(ProviderCost.parse(5.49, currency: "RUB") == ProviderCost(minorUnits: 549, currency: "RUB"))
        #expect(ProviderCost.parse("1.445", currency: "RUB")?.minorUnits == 145)
        #expect(ProviderCost.parse(2, currency: "RUB")?.minorUnits == 200)
        #expect(ProviderCost.parse("n/a", currency: "RUB") == nil)
        #expect(ProviderCost.parse(nil, currency: "RUB") == nil)
    }

    @Test func secretsAreRedactedFromDescriptions() {
        #expect(!"\(SMSAeroSender.Credentials(email: "o@s.example", apiKey: "k-1", sign: "S"))".contains("k-1"))
        #expect(!"\(SMSCSender.Credentials(login: "l", password: "p-2"))".contains("p-2"))
        #expect(!"\(MailgunSender.Credentials(apiKey: "k-3", domain: "d.example", from: "f@d.example"))".contains("k-3"))
        #expect(!"\(SMTPServer(host: "h", port: 25, security: .startTLS, username: "u", password: "p-4"))".contains("p-4"))
    }
}
