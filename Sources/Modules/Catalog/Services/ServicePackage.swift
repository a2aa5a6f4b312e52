import CRMCore
import Foundation

/// A package definition (SPEC §3): a bundle of services, each with a number of visits, sold at
/// one price and valid for a number of days from the sale. Selling one makes a client package.
public struct ServicePackage: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var serviceId: ServiceID
        /// How many visits of the service the package holds.
        public var count: Int

        public init(serviceId: ServiceID, count: Int) {
            self.serviceId = serviceId
            self.count = count
        }
    }

    public let id: ServicePackageID
    public var name: String
    /// At least one; each service at most once; in the order given.
    public var items: [Item]
    public var price: Money
    public var validityDays: Int
    /// Inactive packages are no longer sold; packages already sold are unaffected.
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public static let validityRange = 1...3650
    public static let countRange = 1...1000
    public static let maxItems = 50
    public static let maxNameLength = 200

    var auditSnapshot: JSONValue {
        .object([
            "id": .string(id.description), "name": .string(name),
            "items": .array(items.map { .object(["serviceId": .string($0.serviceId.description), "count": .int(Int64($0.count))]) }),
            "price": .string(price.description), "validityDays": .int(Int64(validityDays)), "active": .bool(active),
        ])
    }
}

/// The fields a create or PATCH body gives for a package.
struct ServicePackageChanges {
    var name: BodyField<String>
    var items: BodyField<[ServicePackage.Item]>
    /// Each item's service id with the item's index, for problems keyed by position.
    var itemServices: [(index: Int, id: ServiceID)] = []
    var price: BodyField<Money>
    var validityDays: BodyField<Int>
    var active: BodyField<Bool>
    /// Field path → problem code, from reading the body.
    var problems: [String: String] = [:]

    /// A create (`creating`) or PATCH body, read at the edge with its problems.
    static func read(_ body: BodyFields, creating: Bool) -> ServicePackageChanges {
        var fields = body
        var changes = read(&fields, creating: creating)
        changes.problems = fields.problems
        return changes
    }

    static func read(_ fields: inout BodyFields, creating: Bool) -> ServicePackageChanges {
        var changes = ServicePackageChanges(
            name: fields.text("name", maxLength: ServicePackage.maxNameLength), items: .absent, price: fields.money("price"),
            validityDays: fields.integer("validityDays"), active: fields.bool("active"))
        fields.require("name", changes.name, creating: creating)
        fields.require("price", changes.price, creating: creating)
        fields.require("validityDays", changes.validityDays, creating: creating)
        fields.require("active", changes.active, creating: false)
        let items = fields.array("items")
        fields.require("items", items, creating: creating)
        if let list = items.value {
            changes.items = .value(readItems(list, into: &fields, services: &changes.itemServices))
        }
        return changes
    }

    private static func readItems(_ list: [BodyValue], into fields: inout BodyFields, services: inout [(index: Int, id: ServiceID)])
        -> [ServicePackage.Item]
    {
        if list.isEmpty { fields.problem("items", "required") }
        if list.count > ServicePackage.maxItems { fields.problem("items", "too_many") }
        var items: [ServicePackage.Item] = []
        var seen: Set<ServiceID> = []
        for (index, value) in list.enumerated() {
            var item = BodyFields(value, path: "items.\(index).")
            let text = item.text("serviceId", maxLength: 64)
            let count = item.integer("count")
            item.require("serviceId", text, creating: true)
            item.require("count", count, creating: true)
            var serviceId: ServiceID?
            if let text = text.value {
                serviceId = ServiceID(string: text)
                if serviceId == nil { item.problem("serviceId", "invalid") }
            }
            if let id = serviceId {
                if !seen.insert(id).inserted { item.problem("serviceId", "duplicate") }
                services.append((index, id))
            }
            if let count = count.value, !ServicePackage.countRange.contains(count) { item.problem("count", "out_of_range") }
            fields.absorb(item)
            if let serviceId, let count = count.value { items.append(.init(serviceId: serviceId, count: count)) }
        }
        return items
    }

    func applied(to package: ServicePackage) -> ServicePackage {
        var package = package
        if let name = name.value { package.name = name }
        if let items = items.value { package.items = items }
        if let price = price.value { package.price = price }
        if let validityDays = validityDays.value { package.validityDays = validityDays }
        if let active = active.value { package.active = active }
        return package
    }

    /// Problems of the package's own fields; item services are checked against the database
    /// (`itemProblems`).
    static func problems(_ package: ServicePackage) -> [String: String] {
        var problems: [String: String] = [:]
        if package.name.isEmpty { problems["name"] = "required" }
        if package.price < .zero { problems["price"] = "negative" }
        if !ServicePackage.validityRange.contains(package.validityDays) { problems["validityDays"] = "out_of_range" }
        return problems
    }

    /// Each item's service must be a service of the tenant; a newly added one must be active.
    static func itemProblems(_ services: [(index: Int, id: ServiceID)], alreadyIncluded: [ServiceID], in repository: ServicesRepository)
        async throws -> [String: String]
    {
        var problems: [String: String] = [:]
        let existing = try await repository.existingIds(services.map(\.id))
        let active = try await repository.existingIds(services.map(\.id), activeOnly: true)
        for (index, id) in services {
            if !existing.contains(id) {
                problems["items.\(index).serviceId"] = "not_found"
            } else if !active.contains(id), !alreadyIncluded.contains(id) {
                problems["items.\(index).serviceId"] = "inactive"
            }
        }
        return problems
    }
}
