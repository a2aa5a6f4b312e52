import Foundation
import Hummingbird

extension RequestContext {
    /// The typed id in the path parameter `name`. A missing or malformed id is `404`: an id that
    /// cannot exist is simply not found, like another tenant's.
    public func pathID<Entity>(_ name: String = "id", as _: TypedID<Entity>.Type = TypedID<Entity>.self) throws(AppError) -> TypedID<Entity> {
        guard let id = parameters.get(name).flatMap(TypedID<Entity>.init(string:)) else { throw AppError.notFound() }
        return id
    }

    /// A path parameter read by `parse` (a key, a provider name, a plain UUID); what it refuses is `404`.
    public func pathValue<Value>(_ name: String, _ parse: (String) -> Value?) throws(AppError) -> Value {
        guard let value = parameters.get(name).flatMap(parse) else { throw AppError.notFound() }
        return value
    }
}
