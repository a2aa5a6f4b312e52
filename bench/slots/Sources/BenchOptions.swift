import Foundation

/// Command line of `SlotsBench` (see bench/slots/README.md).
struct BenchOptions: Sendable {
    enum Store: String, Sendable {
        case sqlite
        case postgres
    }

    var store: Store = .sqlite
    /// `postgres://…` (also `BENCH_DATABASE_URL`); the bench works in a schema of its own and drops it.
    var postgresURL: String?
    /// SQLite file (default: a new file in the temporary folder, removed afterwards).
    var sqlitePath: String?
    var staff = 10
    var days = 60
    var perDay = 8
    /// Timed iterations per figure, and the time each figure may take at most.
    var iterations = 200
    var maxSeconds = 20.0
    /// Concurrent tasks of the concurrent booking run.
    var writers = 8
    /// Tab-separated results are appended here (the runner prints them as one table).
    var resultsFile: String?

    static let usage = """
        usage: SlotsBench [--db sqlite|postgres] [--url postgres://…] [--sqlite-path FILE] [--staff 10] [--days 60]
                          [--per-day 8] [--iterations 200] [--max-seconds 20] [--writers 8] [--results FILE]
        """

    static func parse(_ arguments: [String], environment: [String: String]) throws -> BenchOptions {
        var options = BenchOptions()
        options.postgresURL = environment["BENCH_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        var rest = arguments[...]
        func value(_ name: String) throws -> String {
            guard let next = rest.popFirst() else { throw BenchFailure("\(name) needs a value\n\(usage)") }
            return next
        }
        func number(_ name: String) throws -> Int {
            let text = try value(name)
            guard let number = Int(text), number > 0 else { throw BenchFailure("\(name) must be a positive integer, not '\(text)'") }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--db":
                let text = try value(argument)
                guard let store = Store(rawValue: text) else { throw BenchFailure("--db must be sqlite or postgres, not '\(text)'") }
                options.store = store
            case "--url": options.postgresURL = try value(argument)
            case "--sqlite-path": options.sqlitePath = try value(argument)
            case "--staff": options.staff = try number(argument)
            case "--days": options.days = min(try number(argument), 60)
            case "--per-day": options.perDay = min(try number(argument), 8)
            case "--iterations": options.iterations = try number(argument)
            case "--max-seconds": options.maxSeconds = Double(try number(argument))
            case "--writers": options.writers = try number(argument)
            case "--results": options.resultsFile = try value(argument)
            case "-h", "--help":
                print(usage)
                exit(0)
            default: throw BenchFailure("unknown argument '\(argument)'\n\(usage)")
            }
        }
        if options.store == .postgres && options.postgresURL == nil { throw BenchFailure("--db postgres needs --url or BENCH_DATABASE_URL") }
        return options
    }
}

/// A bench that cannot go on (bad arguments, a wrong answer, a failed write).
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Stops the bench when a sanity check fails: figures are only reported for correct answers.
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) throws {
    guard condition() else { throw BenchFailure("sanity check failed: \(message())") }
}
