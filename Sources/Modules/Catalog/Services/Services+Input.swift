import CRMCore
import Foundation

/// The fields a create or PATCH body gives for a service, each absent, null or a value.
/// Reading collects type problems; `ServiceRules` then checks the resulting service.
struct ServiceChanges {
    var category: BodyField<String>
    var name: BodyField<String>
    var description: BodyField<String>
    var basePrice: BodyField<Money>
    var cost: BodyField<Money>
    var durationMinutes: BodyField<Int>
    var breakMinutes: BodyField<Int>
    var onlineBookable: BodyField<Bool>
    var depositRule: BodyField<ServiceDepositRule>
    var active: BodyField<Bool>
    var upsellServiceIds: BodyField<[ServiceID]>
    /// Each given upsell id with its index in the body, for problems keyed by position.
    var upsellInput: [(index: Int, id: ServiceID)] = []
    /// Field path → problem code, from reading the body.
    var problems: [String: String] = [:]

    /// A create (`creating`) or PATCH body, read at the edge with its problems.
    static func read(_ body: BodyFields, creating: Bool) -> ServiceChanges {
        var fields = body
        var changes = read(&fields, creating: creating)
        changes.problems = fields.problems
        return changes
    }

    /// `creating`: fields without a default are required.
    static func read(_ fields: inout BodyFields, creating: Bool) -> ServiceChanges {
        var changes = ServiceChanges(
            category: fields.text("category", maxLength: StudioService.maxCategoryLength),
            name: fields.text("name", maxLength: StudioService.maxNameLength),
            description: fields.text("description", maxLength: StudioService.maxDescriptionLength),
            basePrice: fields.money("basePrice"), cost: fields.money("cost"), durationMinutes: fields.integer("durationMinutes"),
            breakMinutes: fields.integer("breakMinutes"), onlineBookable: fields.bool("onlineBookable"),
            depositRule: ServiceDepositRule.read(from: &fields), active: fields.bool("active"), upsellServiceIds: .absent)
        fields.require("category", changes.category, creating: creating)
        fields.require("name", changes.name, creating: creating)
        fields.require("basePrice", changes.basePrice, creating: creating)
        fields.require("durationMinutes", changes.durationMinutes, creating: creating)
        fields.require("breakMinutes", changes.breakMinutes, creating: false)
        fields.require("onlineBookable", changes.onlineBookable, creating: false)
        fields.require("active", changes.active, creating: false)
        switch fields.array("upsellServiceIds") {
        case .absent: changes.upsellServiceIds = .absent
        // null empties the set, like [].
        case .null: changes.upsellServiceIds = .value([])
        case .value(let items):
            if items.count > StudioService.maxUpsells { fields.problem("upsellServiceIds", "too_many") }
            changes.upsellInput = items.ids("upsellServiceIds", as: ServiceID.self, into: &fields)
            changes.upsellServiceIds = .value(changes.upsellInput.map(\.id))
        }
        return changes
    }

    /// `service` with every given field applied.
    func applied(to service: StudioService) -> StudioService {
        var service = service
        if let category = category.value { service.category = category }
        if let name = name.value { service.name = name }
        if !description.isAbsent { service.description = description.value }
        if let basePrice = basePrice.value { service.basePrice = basePrice }
        if !cost.isAbsent { service.cost = cost.value }
        if let duration = durationMinutes.value { service.durationMinutes = duration }
        if let breakMinutes = breakMinutes.value { service.breakMinutes = breakMinutes }
        if let bookable = onlineBookable.value { service.onlineBookable = bookable }
        if !depositRule.isAbsent { service.depositRule = depositRule.value }
        if let active = active.value { service.active = active }
        if let upsells = upsellServiceIds.value { service.upsellServiceIds = upsells }
        return service
    }
}

/// The rules a service must satisfy after a create or an edit.
enum ServiceRules {
    /// Problems of the service's own fields (field → code). The upsell ids are checked against
    /// the database separately (`upsellProblems`).
    static func problems(_ service: StudioService) -> [String: String] {
        var problems: [String: String] = [:]
        if service.category.isEmpty { problems["category"] = "required" }
        if service.name.isEmpty { problems["name"] = "required" }
        if service.basePrice < .zero { problems["basePrice"] = "negative" }
        if let cost = service.cost, cost < .zero { problems["cost"] = "negative" }
        problems["durationMinutes"] = minutesProblem(service.durationMinutes, range: StudioService.durationRange)
        problems["breakMinutes"] = minutesProblem(service.breakMinutes, range: StudioService.breakRange)
        if case .fixed(let amount) = service.depositRule, amount > service.basePrice { problems["depositRule.amount"] = "exceeds_price" }
        return problems
    }

    static func minutesProblem(_ minutes: Int, range: ClosedRange<Int>) -> String? {
        if !range.contains(minutes) { return "out_of_range" }
        if minutes % StudioService.minuteStep != 0 { return "not_multiple_of_5" }
        return nil
    }

    /// Each upsell id must be another existing service of the tenant; a newly added one must be
    /// active (ids the service already had stay allowed after their service was deactivated).
    static func upsellProblems(
        _ upsells: [(index: Int, id: ServiceID)], of id: ServiceID, alreadyLinked: [ServiceID], in repository: ServicesRepository
    ) async throws -> [String: String] {
        var problems: [String: String] = [:]
        let existing = try await repository.existingIds(upsells.map(\.id))
        let active = try await repository.existingIds(upsells.map(\.id), activeOnly: true)
        for (index, upsell) in upsells {
            let key = "upsellServiceIds.\(index)"
            if upsell == id {
                problems[key] = "self_reference"
            } else if !existing.contains(upsell) {
                problems[key] = "not_found"
            } else if !active.contains(upsell), !alreadyLinked.contains(upsell) {
                problems[key] = "inactive"
            }
        }
        return problems
    }
}
