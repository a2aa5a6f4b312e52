import CRMCore
import Testing

@Suite struct PIIMaskTests {
    @Test(arguments: [
        ("+79121234567", "+7 912 ***-**-67"),
        ("+447911123456", "+44 791 ***-**-56"),
        ("+12025550147", "+1 202 ***-**-47"),
        ("+375291234567", "+375 291 ***-**-67"),
        ("89121234567", "*********67"),
    ])
    func phones(input: String, masked: String) {
        #expect(PIIMask.phone(input) == masked)
    }

    @Test(arguments: [
        ("anna@mail.ru", "an***@mail.ru"),
        ("ab@x.org", "a***@x.org"),
        ("z@x.org", "z***@x.org"),
        ("not-an-email", "***"),
    ])
    func emails(input: String, masked: String) {
        #expect(PIIMask.email(input) == masked)
    }

    @Test func maskedValuesNeverContainTheHiddenDigits() {
        let masked = PIIMask.phone("+79121234567")
        #expect(!masked.contains("345"))
    }
}
