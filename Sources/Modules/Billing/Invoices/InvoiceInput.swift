import CRMCore
import Foundation

/// What `POST /invoices` says, typed and read at the edge; every type problem is in `problems`
/// (item fields as `items.N.field`), so the service answers them together with the problems only
/// the records can tell (an unknown client or service, a discount above the subtotal).
public struct InvoiceInput: Sendable {
    /// One line as given: a catalog service (its name and price unless given) or free text.
    public struct Item: Sendable {
        public var serviceId: ServiceID?
        public var description: String?
        public var quantity: Int?
        public var unitPrice: Money?

        public init(serviceId: ServiceID? = nil, description: String? = nil, quantity: Int? = nil, unitPrice: Money? = nil) {
            self.serviceId = serviceId
            self.description = description
            self.quantity = quantity
            self.unitPrice = unitPrice
        }
    }

    public var clientId: CustomerID?
    public var appointmentId: AppointmentID?
    /// Nil: the appointment's service at its price.
    public var items: [Item]?
    public var discount: Money?
    public var notes: String?
    public var draft: Bool
    /// Field path → problem code, from reading the body.
    public var problems: [String: String] = [:]

    public init(
        clientId: CustomerID? = nil, appointmentId: AppointmentID? = nil, items: [Item]? = nil, discount: Money? = nil, notes: String? = nil,
        draft: Bool = false
    ) {
        self.clientId = clientId
        self.appointmentId = appointmentId
        self.items = items
        self.discount = discount
        self.notes = notes
        self.draft = draft
    }

    static let maxItems = 50
    static let maxQuantity = 1000

    public static func read(_ body: BodyFields) -> InvoiceInput {
        var fields = body
        let clientId: BodyField<CustomerID> = fields.id("clientId")
        let appointmentId: BodyField<AppointmentID> = fields.id("appointmentId")
        let itemValues = fields.array("items")
        let discount = fields.money("discount")
        let notes = fields.text("notes", maxLength: 2000)
        let draft = fields.bool("draft")
        var problems = fields.problems
        if let value = discount.value, value < .zero { problems["discount"] = "negative" }
        var items: [Item]?
        if let values = itemValues.value {
            if values.isEmpty || values.count > maxItems { problems["items"] = values.isEmpty ? "required" : "too_many_values" }
            items = values.enumerated().map { index, value in item(value, index: index, into: &problems) }
        }
        var input = InvoiceInput(
            clientId: clientId.value, appointmentId: appointmentId.value, items: items, discount: discount.value, notes: notes.value,
            draft: draft.value ?? false)
        input.problems = problems
        return input
    }

    static func item(_ value: BodyValue, index: Int, into problems: inout [String: String]) -> Item {
        var fields = BodyFields(value, path: "items.\(index).")
        let serviceId: BodyField<ServiceID> = fields.id("serviceId")
        let description = fields.text("description", maxLength: 300)
        let quantity = fields.integer("quantity")
        let unitPrice = fields.money("unitPrice")
        if serviceId.value == nil {
            fields.require("description", description, creating: true)
            fields.require("unitPrice", unitPrice, creating: true)
        }
        if let quantity = quantity.value, !(1...maxQuantity).contains(quantity) { fields.problem("quantity", "out_of_range") }
        if let price = unitPrice.value, price < .zero { fields.problem("unitPrice", "negative") }
        if let text = description.value, text.trimmingCharacters(in: .whitespaces).isEmpty { fields.problem("description", "required") }
        problems.merge(fields.problems) { first, _ in first }
        return Item(serviceId: serviceId.value, description: description.value, quantity: quantity.value, unitPrice: unitPrice.value)
    }
}
