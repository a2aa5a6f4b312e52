import CRMCore
import Testing

/// E.164 normalisation of what people type, for Russian and British studios.
@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("8 (912) 345-67-89", "RU", "+79123456789"),
        ("+7 912 345 67 89", "RU", "+79123456789"),
        ("79123456789", "RU", "+79123456789"),
        ("9123456789", "RU", "+79123456789"),
        ("8 495 123-45-67", "RU", "+74951234567"),
        ("07700 900123", "GB", "+447700900123"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 (0)20 7946 0958", "GB", "+442079460958"),
        ("0044 7700 900123", "RU", "+447700900123"),
        ("447700900123", "GB", "+447700900123"),
        ("+7 701 234 56 78", "GB", "+77012345678"),
    ])
    func readsCommonSpellings(input: String, country: String, expected: String) throws {
        #expect(try PhoneNumber.normalize(input, defaultCountry: country) == expected)
    }

    @Test(arguments: [
        ("8 912 345", "RU"), ("8 012 345 67 89", "RU"), ("+7 912 345 67 8", "RU"), ("07700 9001", "GB"), ("+44 0770 0900123", "GB"),
        ("call me", "RU"), ("+7 912 abc", "RU"), ("", "GB"), ("12345", "XX"), ("++79123456789", "RU"),
    ])
    func refusesWhatCannotBeAPhone(input: String, country: String) {
        #expect(throws: PhoneNumber.Problem.invalid) { try PhoneNumber.normalize(input, defaultCountry: country) }
    }

    @Test func searchDigitsAddTheInternationalFormOfANationalPrefix() {
        #expect(PhoneNumber.searchDigits("8 912 345", country: "RU") == ["8912345", "7912345"])
        #expect(PhoneNumber.searchDigits("07700", country: "GB") == ["07700", "447700"])
        #expect(PhoneNumber.searchDigits("anna", country: "RU").isEmpty)
    }
}
