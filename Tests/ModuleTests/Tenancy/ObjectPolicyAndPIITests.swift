import CRMCore
import Foundation
import Testing

@testable import Tenancy

/// The object policy (who sees which records) and how personal data is shown per role.
@Suite struct ObjectPolicyAndPIITests {
    let me = UserID.random()
    let colleague = UserID.random()

    @Test func aSpecialistsScopeHoldsOnlyTheirOwnRecords() {
        let scope = RecordScope.ownedBy(me)
        #expect(scope.includes(owner: me))
        #expect(!scope.includes(owner: colleague))
        #expect(!scope.includes(owner: nil))
        #expect(scope.includes(owners: [colleague, me]))
        #expect(RecordScope.all.includes(owner: colleague) && RecordScope.all.includes(owner: nil))
    }

    @Test(arguments: [
        (Role.owner, PIIView.list, true), (.owner, .card, true), (.finance, .list, true), (.specialist, .card, true),
        (.receptionist, .list, false), (.receptionist, .card, true), (.readOnly, .list, false), (.readOnly, .card, false),
    ])
    func contactDataIsShownOrMaskedPerRoleAndView(role: Role, view: PIIView, shown: Bool) {
        let pii = PIIPresenter(visibility: role.piiVisibility)
        #expect(pii.phone("+79123456767", in: view) == (shown ? "+79123456767" : "+7 912 ***-**-67"))
        #expect(pii.email("anna@mail.ru", in: view) == (shown ? "anna@mail.ru" : "an***@mail.ru"))
        #expect(pii.phone(nil, in: view) == nil)
    }

    @Test func onlyAReceptionistsCardViewIsAnAuditedReveal() {
        #expect(Role.allCases.filter { PIIPresenter(visibility: $0.piiVisibility).cardIsAuditedReveal } == [.receptionist])
    }

    @Test func sealedSecretsOpenOnlyWithTheSameKeyAndPurpose() throws {
        let box = SecretBox(secretKey: String(repeating: "k", count: 40), purpose: "totp")
        let sealed = try box.seal("JBSWY3DPEHPK3PXP")
        #expect(!sealed.contains("JBSWY3DPEHPK3PXP"))
        #expect(try box.open(sealed) == "JBSWY3DPEHPK3PXP")
        #expect(try box.seal("same") != box.seal("same"), "every seal has its own nonce")
        #expect(throws: (any Error).self) { try SecretBox(secretKey: String(repeating: "x", count: 40), purpose: "totp").open(sealed) }
        #expect(throws: (any Error).self) { try SecretBox(secretKey: String(repeating: "k", count: 40), purpose: "smtp").open(sealed) }
        var tampered = Array(Data(base64Encoded: sealed)!)
        tampered[tampered.count - 1] ^= 1
        #expect(throws: (any Error).self) { try box.open(Data(tampered).base64EncodedString()) }
    }

    @Test func passwordsAreBetweenEightCharactersAndSeventyTwoBytes() {
        #expect(PasswordPolicy.problem("1234567") == "too_short")
        #expect(PasswordPolicy.problem("12345678") == nil)
        #expect(PasswordPolicy.problem(String(repeating: "я", count: 37)) == "too_long", "74 bytes in UTF-8")
        #expect(PasswordPolicy.problem(String(repeating: "a", count: 72)) == nil)
    }
}
