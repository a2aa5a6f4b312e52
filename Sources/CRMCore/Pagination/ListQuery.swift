import Foundation

/// A comparison a list filter may use: `filter[field]=v` is `eq`, `filter[field][gte]=v` is `gte`.
public enum FilterOperator: String, Sendable, Hashable, CaseIterable {
    case eq, gt, gte, lt, lte
    /// `filter[field][in]=a,b,c`: any of the comma-separated values.
    case `in`
}

/// The type of a filterable field, which decides how its query values are parsed.
public enum FilterKind: Sendable, Equatable {
    case string
    case uuid
    /// `true` or `false`.
    case bool
    /// A signed 64-bit integer in plain decimal digits.
    case int
    /// `YYYY-MM-DD` (`LocalDate`).
    case date
    /// ISO datetime; without offset it is local to the request's tenant zone (`TenantTime.parseISO`).
    case dateTime
    /// One of a fixed set of strings (e.g. statuses).
    case enumeration(Set<String>)

    /// Whether `gt`/`gte`/`lt`/`lte` make sense for this kind.
    var isOrdered: Bool {
        switch self {
        case .string, .int, .date, .dateTime: true
        case .uuid, .bool, .enumeration: false
        }
    }
}

/// One entry of a resource's filter allow-list.
public struct FilterSpec: Sendable {
    public var kind: FilterKind
    public var operators: Set<FilterOperator>

    /// Traps when a range operator is allowed on an unordered kind (`bool`, `uuid`, `enumeration`):
    /// specs are static per resource, so this fails at startup, not per request.
    public init(_ kind: FilterKind, operators: Set<FilterOperator> = [.eq]) {
        precondition(!operators.isEmpty, "FilterSpec: at least one operator")
        precondition(kind.isOrdered || operators.isSubset(of: [.eq, .in]), "FilterSpec: range operators on an unordered kind \(kind)")
        self.kind = kind
        self.operators = operators
    }
}

/// One sort key: `createdAt` ascending, `-createdAt` descending.
public struct SortKey: Sendable, Hashable {
    public var field: String
    public var descending: Bool

    public init(_ field: String, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }

    public static func ascending(_ field: String) -> SortKey { SortKey(field) }
    public static func descending(_ field: String) -> SortKey { SortKey(field, descending: true) }
}

/// What a list endpoint accepts: its filter and sort allow-lists (API names, camelCase).
public struct ListQuerySpec: Sendable {
    public var filters: [String: FilterSpec]
    public var sortable: Set<String>
    /// Used when the request has no `sort` (or an empty one).
    public var defaultSort: [SortKey]

    public init(filters: [String: FilterSpec] = [:], sortable: Set<String> = [], defaultSort: [SortKey] = []) {
        self.filters = filters
        self.sortable = sortable
        self.defaultSort = defaultSort
    }
}

/// A parsed, typed filter value.
public enum FilterValue: Sendable, Hashable {
    case string(String)
    case uuid(UUID)
    case bool(Bool)
    case int(Int64)
    case date(LocalDate)
    case dateTime(Date)
    /// The values of an `in` filter.
    case list([FilterValue])
}

public struct FilterCondition: Sendable, Hashable {
    public var field: String
    public var op: FilterOperator
    public var value: FilterValue

    public init(field: String, op: FilterOperator, value: FilterValue) {
        self.field = field
        self.op = op
        self.value = value
    }
}

/// A validated list request: filters, sort and page, checked against a `ListQuerySpec`.
///
/// Syntax (SPEC §14): `filter[field]=v`, `filter[field][op]=v` with `op` in eq/gt/gte/lt/lte/in,
/// `filter[field][in]=a,b,c`, `sort=-createdAt,name`, `limit`, `cursor`.
public struct ListQuery: Sendable, Equatable {
    /// Longest list accepted by an `in` filter.
    public static let maxInValues = 100

    public var filters: [FilterCondition]
    public var sort: [SortKey]
    public var page: PageRequest

    public init(filters: [FilterCondition] = [], sort: [SortKey] = [], page: PageRequest = PageRequest()) {
        self.filters = filters
        self.sort = sort
        self.page = page
    }

    /// Parses decoded query pairs in order. Every problem is collected into one
    /// `.validation(fields)`, keyed by the parameter as the client wrote it:
    /// - `filter[x]` for an unknown field: `unknown_filter` (also for malformed `filter[...`
    ///   names); `filter[x][op]` for an unknown or disallowed operator: `unsupported_operator`;
    /// - a bad value: `invalid` (`in` lists longer than `maxInValues`: `too_many_values`), and for
    ///   datetimes the `LocalTimeError` code (`invalid_datetime`, `nonexistent_local_time`);
    /// - `sort`: `unsupported_sort` for a field not in `sortable` or an empty item,
    ///   `duplicate_sort` for a field named twice;
    /// - the same parameter given twice (filter, `sort`, `limit`, `cursor`): `duplicate`;
    /// - `limit` / `cursor` problems from `PageRequest`.
    /// Other parameters are ignored. No `sort` (or an empty one) means `spec.defaultSort`.
    public static func parse(_ query: [(name: String, value: String)], spec: ListQuerySpec, timeZone: TimeZone) throws(AppError)
        -> ListQuery
    {
        var problems: [String: String] = [:]
        var seen: Set<String> = []
        var filters: [FilterCondition] = []
        var sortText: String?
        var limitText: String?
        var cursorText: String?

        for (name, value) in query {
            let isFilter = name.hasPrefix("filter[")
            guard isFilter || ["sort", "limit", "cursor"].contains(name) else { continue }
            guard seen.insert(name).inserted else {
                problems[name] = "duplicate"
                continue
            }
            switch name {
            case "sort": sortText = value
            case "limit": limitText = value
            case "cursor": cursorText = value
            default:
                switch filterCondition(name: name, value: value, spec: spec, timeZone: timeZone) {
                case .success(let condition): filters.append(condition)
                case .failure(let problem): problems[problem.key] = problem.code
                }
            }
        }

        var sort = spec.defaultSort
        if let sortText, !sortText.isEmpty {
            switch parseSort(sortText, sortable: spec.sortable) {
            case .success(let keys): sort = keys
            case .failure(let problem): problems[problem.key] = problem.code
            }
        }

        let (page, pageProblems) = PageRequest.validate(limit: limitText, cursor: cursorText)
        problems.merge(pageProblems) { first, _ in first }
        guard let page, problems.isEmpty else { throw AppError.validation(problems) }
        return ListQuery(filters: filters, sort: sort, page: page)
    }

    // MARK: Private

    private struct Problem: Error {
        var key: String
        var code: String
    }

    private static func filterCondition(name: String, value: String, spec: ListQuerySpec, timeZone: TimeZone)
        -> Result<FilterCondition, Problem>
    {
        // name is "filter[field]" or "filter[field][op]"; split on the brackets.
        let parts = name.dropFirst("filter[".count).split(separator: "]", omittingEmptySubsequences: false)
        let field = String(parts[0])
        let wellFormed =
            !field.isEmpty && !field.contains("[")
            && (parts.count == 2 && parts[1].isEmpty
                || parts.count == 3 && parts[1].hasPrefix("[") && parts[1].count > 1 && parts[2].isEmpty)
        guard wellFormed, let filterSpec = spec.filters[field] else {
            return .failure(Problem(key: wellFormed ? "filter[\(field)]" : name, code: "unknown_filter"))
        }
        var op = FilterOperator.eq
        if parts.count == 3 {
            guard let named = FilterOperator(rawValue: String(parts[1].dropFirst())), filterSpec.operators.contains(named) else {
                return .failure(Problem(key: name, code: "unsupported_operator"))
            }
            op = named
        } else if !filterSpec.operators.contains(.eq) {
            return .failure(Problem(key: name, code: "unsupported_operator"))
        }

        if op == .in {
            let items = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard items.count <= maxInValues else { return .failure(Problem(key: name, code: "too_many_values")) }
            var values: [FilterValue] = []
            for item in items {
                switch parseValue(item, kind: filterSpec.kind, timeZone: timeZone) {
                case .success(let parsed): values.append(parsed)
                case .failure(let problem): return .failure(Problem(key: name, code: problem.code))
                }
            }
            return .success(FilterCondition(field: field, op: op, value: .list(values)))
        }
        switch parseValue(value, kind: filterSpec.kind, timeZone: timeZone) {
        case .success(let parsed): return .success(FilterCondition(field: field, op: op, value: parsed))
        case .failure(let problem): return .failure(Problem(key: name, code: problem.code))
        }
    }

    private static func parseValue(_ text: String, kind: FilterKind, timeZone: TimeZone) -> Result<FilterValue, ProblemCode> {
        let invalid = ProblemCode("invalid")
        guard !text.isEmpty else { return .failure(invalid) }
        switch kind {
        case .string:
            return .success(.string(text))
        case .uuid:
            return UUID(uuidString: text).map { .success(.uuid($0)) } ?? .failure(invalid)
        case .bool:
            switch text {
            case "true": return .success(.bool(true))
            case "false": return .success(.bool(false))
            default: return .failure(invalid)
            }
        case .int:
            let digits = text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let number = Int64(text)
            else { return .failure(invalid) }
            return .success(.int(number))
        case .date:
            return LocalDate(iso: text).map { .success(.date($0)) } ?? .failure(invalid)
        case .dateTime:
            // Form decoding turns an unescaped "+03:00" into " 03:00": a space after the date part can
            // only have been that "+", so read it as one (anything else there still fails to parse).
            var repaired = text
            if let space = text.lastIndex(of: " "), text.distance(from: text.startIndex, to: space) > 10 {
                repaired.replaceSubrange(space...space, with: "+")
            }
            do {
                return .success(.dateTime(try TenantTime.parseISO(repaired, in: timeZone)))
            } catch {
                return .failure(ProblemCode(error.problemCode))
            }
        case .enumeration(let allowed):
            return allowed.contains(text) ? .success(.string(text)) : .failure(invalid)
        }
    }

    private struct ProblemCode: Error {
        var code: String
        init(_ code: String) { self.code = code }
    }

    private static func parseSort(_ text: String, sortable: Set<String>) -> Result<[SortKey], Problem> {
        var keys: [SortKey] = []
        var fields: Set<String> = []
        var duplicate = false
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let descending = item.hasPrefix("-")
            let field = String(descending ? item.dropFirst() : item)
            guard sortable.contains(field) else { return .failure(Problem(key: "sort", code: "unsupported_sort")) }
            if !fields.insert(field).inserted { duplicate = true }
            keys.append(SortKey(field, descending: descending))
        }
        return duplicate ? .failure(Problem(key: "sort", code: "duplicate_sort")) : .success(keys)
    }
}
