import CRMCore
import Foundation

/// What the demo studio is made of, in both languages: its services, staff and client names.
enum DemoCatalog {
    struct Service {
        let category: (en: String, ru: String)
        let name: (en: String, ru: String)
        let price: Int
        let minutes: Int
        let breakMinutes: Int
    }

    static let services: [Service] = [
        Service(category: ("Hair", "Волосы"), name: ("Women's haircut", "Женская стрижка"), price: 2800, minutes: 60, breakMinutes: 15),
        Service(category: ("Hair", "Волосы"), name: ("Men's haircut", "Мужская стрижка"), price: 1600, minutes: 45, breakMinutes: 15),
        Service(category: ("Hair", "Волосы"), name: ("Colouring", "Окрашивание"), price: 5200, minutes: 120, breakMinutes: 15),
        Service(category: ("Hair", "Волосы"), name: ("Blow-dry and styling", "Укладка"), price: 1500, minutes: 45, breakMinutes: 0),
        Service(category: ("Nails", "Ногти"), name: ("Manicure with gel polish", "Маникюр с покрытием"), price: 2200, minutes: 90, breakMinutes: 15),
        Service(category: ("Nails", "Ногти"), name: ("Pedicure", "Педикюр"), price: 2600, minutes: 90, breakMinutes: 15),
        Service(category: ("Nails", "Ногти"), name: ("Nail repair", "Ремонт ногтя"), price: 300, minutes: 15, breakMinutes: 0),
        Service(category: ("Brows and lashes", "Брови и ресницы"), name: ("Brow shaping and tint", "Коррекция и окрашивание бровей"), price: 1200, minutes: 45, breakMinutes: 15),
        Service(category: ("Brows and lashes", "Брови и ресницы"), name: ("Lash lift", "Ламинирование ресниц"), price: 2400, minutes: 60, breakMinutes: 15),
        Service(category: ("Skin", "Уход за кожей"), name: ("Facial cleansing", "Чистка лица"), price: 3500, minutes: 75, breakMinutes: 15),
    ]

    /// Staff: name, the services (indexes above) they perform, and the ISO weekdays they work.
    static let staff: [(en: String, ru: String, services: [Int], days: [Int], color: String)] = [
        ("Anna Petrova", "Анна Петрова", [0, 1, 2, 3], [1, 2, 3, 4, 5], "#7E57C2"),
        ("Maria Smirnova", "Мария Смирнова", [0, 2, 3], [2, 3, 4, 5, 6], "#26A69A"),
        ("Olga Ivanova", "Ольга Иванова", [4, 5, 6], [1, 2, 4, 5, 6], "#EC407A"),
        ("Daria Kuznetsova", "Дарья Кузнецова", [7, 8, 9, 6], [3, 4, 5, 6, 7], "#FFA726"),
    ]

    static let firstNames: (en: [String], ru: [String]) = (
        ["Emma", "Olivia", "Sophia", "Amelia", "Isla", "Grace", "Lily", "Chloe", "Ella", "Mia", "Jack", "Oliver", "Harry", "Leo", "Noah"],
        ["Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана", "Юлия", "Анастасия", "Екатерина", "Марина", "Алексей", "Дмитрий", "Сергей",
         "Иван", "Михаил"]
    )
    static let lastNames: (en: [String], ru: [String]) = (
        ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans", "Thomas", "Roberts", "Walker"],
        ["Иванова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Соколова", "Михайлова", "Новикова", "Фёдорова", "Морозова", "Волкова",
         "Лебедева"]
    )

    static let notes: (en: [String], ru: [String]) = (
        ["Prefers the window seat.", "Sensitive scalp: gentle products only.", "Likes to chat; offer tea.", "Allergic to latex gloves.",
         "Usually books on Saturday mornings."],
        ["Любит место у окна.", "Чувствительная кожа головы: только мягкие средства.", "Любит поговорить, предложить чай.",
         "Аллергия на латексные перчатки.", "Обычно записывается на субботнее утро."]
    )

    /// Starts a working day offers, in local time.
    static let starts = ["10:00", "11:45", "13:30", "15:15", "17:00"]

    /// A valid 1×1 PNG: the receipt photo of a demo manual payment.
    static let receiptPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
}

/// SplitMix64: the same seed gives the same studio on every machine.
struct DemoRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< 1.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
