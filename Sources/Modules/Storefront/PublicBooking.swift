import CRMCore
import Foundation
import Clients

/// `POST /public/{slug}/book`, read at the edge with every problem at once.
struct PublicBooking: Sendable {
    var serviceId: ServiceID?
    /// nil: any staff member who performs the service.
    var staffId: StaffID?
    var startsAt: Date?
    var person: ClientIntake.Person?
    var notes: String?
    /// The SmartCaptcha widget's one-time token (when the studio has the captcha on).
    var captchaToken: String?
    var problems: [String: String]

    static func read(_ body: BodyFields, timeZone: TimeZone) -> PublicBooking {
        var fields = body
        let serviceId: BodyField<ServiceID> = fields.id("serviceId")
        let staffText = fields.text("staffId", maxLength: 64)
        let startsAt = fields.instant("startsAt", timeZone: timeZone)
        let name = fields.text("name", maxLength: 200)
        let phone = fields.text("phone", maxLength: 40)
        let email = fields.text("email", maxLength: 320)
        let consents = fields.array("consents")
        let notes = fields.text("notes", maxLength: 1000)
        // A field people never see: a form that fills it was filled by a program.
        let website = fields.text("website", maxLength: 500)
        let captchaToken = fields.text("captchaToken", maxLength: 4000)
        fields.require("serviceId", serviceId, creating: true)
        fields.require("staffId", staffText, creating: false)
        fields.require("startsAt", startsAt, creating: true)
        fields.require("website", website, creating: false)
        fields.require("name", name, creating: true)
        fields.require("phone", phone, creating: true)
        fields.require("email", email, creating: false)
        fields.require("consents", consents, creating: true)
        fields.require("notes", notes, creating: false)
        fields.require("captchaToken", captchaToken, creating: false)
        var staffId: StaffID?
        if let text = staffText.value, text != "any" {
            staffId = StaffID(string: text)
            if staffId == nil { fields.problem("staffId", "invalid") }
        }
        if let text = website.value, !text.isEmpty { fields.problem("website", "must_be_empty") }
        if let text = name.value, text.trimmingCharacters(in: .whitespaces).isEmpty { fields.problem("name", "required") }
        var kinds: [ConsentKind] = []
        for (index, value) in (consents.value ?? []).enumerated() {
            guard case .string(let text) = value, let kind = ConsentKind(rawValue: text) else {
                fields.problem("consents.\(index)", "invalid")
                continue
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        // Booking online means giving the studio personal data: that consent is not optional.
        if consents.value != nil, !kinds.contains(.dataProcessing) { fields.problem("consents", "data_processing_required") }
        let person = name.value.flatMap { name in
            phone.value.map { ClientIntake.Person(name: name, phone: $0, email: email.value, consents: kinds) }
        }
        return PublicBooking(
            serviceId: serviceId.value, staffId: staffId, startsAt: startsAt.value, person: person, notes: notes.value, captchaToken: captchaToken.value,
            problems: fields.problems)
    }
}
