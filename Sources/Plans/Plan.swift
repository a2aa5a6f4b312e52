/// A tenant's subscription plan, ordered: `ivory` (free) < `veloria` (pro) < `imperium` (elite).
public enum Plan: String, Sendable, Codable, CaseIterable, Comparable {
    case ivory
    case veloria
    case imperium

    private var rank: Int {
        switch self {
        case .ivory: 0
        case .veloria: 1
        case .imperium: 2
        }
    }

    public static func < (lhs: Plan, rhs: Plan) -> Bool { lhs.rank < rhs.rank }

    /// Whether this plan opens `feature` (SPEC §2: a feature is open from its minimum plan up).
    public func includes(_ feature: Feature) -> Bool { self >= feature.minimumPlan }

    /// Every feature this plan opens, in declaration order.
    public var enabledFeatures: [Feature] { Feature.allCases.filter(includes) }
}
