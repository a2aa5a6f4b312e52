import Foundation

/// One measured figure: its samples (milliseconds) and how they read.
struct Figure: Sendable {
    let name: String
    let samples: [Double]
    var note = ""

    var count: Int { samples.count }
    var p50: Double { percentile(0.50) }
    var p95: Double { percentile(0.95) }
    var max: Double { samples.max() ?? 0 }

    /// Nearest-rank percentile.
    func percentile(_ fraction: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// Timed loops, bounded in count and in time.
struct Stopwatch {
    let iterations: Int
    let maxSeconds: Double
    /// Untimed runs before the timed ones (connections opened, pages in memory, code paged in).
    var warmups = 5

    /// Runs `prepare` (untimed), `run` (timed) and `verify` (untimed) up to `iterations` times or
    /// until `maxSeconds` have passed, whichever comes first.
    func measure<Prepared, Answer>(
        _ name: String, prepare: (Int) async throws -> Prepared, run: (Prepared) async throws -> Answer,
        verify: (Int, Prepared, Answer) throws -> Void
    ) async throws -> Figure {
        for index in 0..<warmups {
            let prepared = try await prepare(index)
            try verify(index, prepared, try await run(prepared))
        }
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(maxSeconds * 1000)))
        for index in 0..<iterations {
            let prepared = try await prepare(index)
            let start = clock.now
            let answer = try await run(prepared)
            samples.append((clock.now - start).milliseconds)
            try verify(index, prepared, answer)
            if clock.now > deadline { break }
        }
        return Figure(name: name, samples: samples)
    }
}

enum Report {
    static func row(_ columns: [String], widths: [Int]) -> String {
        zip(columns, widths).enumerated().map { index, pair in
            index == 0
                ? pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0)
                : String(repeating: " ", count: Swift.max(0, pair.1 - pair.0.count)) + pair.0
        }.joined(separator: "  ")
    }

    static let widths = [44, 6, 9, 9, 9]

    static func ms(_ value: Double) -> String { String(format: "%.2f", value) }

    static func print(_ figures: [Figure], title: String) {
        Swift.print("\n\(title)")
        Swift.print(row(["figure", "n", "p50 ms", "p95 ms", "max ms"], widths: widths) + "  note")
        for figure in figures {
            Swift.print(row([figure.name, "\(figure.count)", ms(figure.p50), ms(figure.p95), ms(figure.max)], widths: widths) + "  " + figure.note)
        }
    }

    /// Appends `db<TAB>figure<TAB>n<TAB>p50<TAB>p95<TAB>max<TAB>note` lines for the runner's table.
    static func append(_ figures: [Figure], database: String, to path: String) throws {
        let lines = figures.map { [database, $0.name, "\($0.count)", ms($0.p50), ms($0.p95), ms($0.max), $0.note].joined(separator: "\t") + "\n" }
        let data = Data(lines.joined().utf8)
        if let handle = FileHandle(forWritingAtPath: path) {
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
        } else {
            try data.write(to: URL(fileURLWithPath: path))
        }
    }
}
