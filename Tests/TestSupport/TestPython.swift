import Foundation

/// python3 with a package scripts/test installed into `var/test-python` (icalendar, aiosmtpd):
/// the folder comes from the variable scripts/test exports, or is found at the package root
/// after one scripts/test run, so a plain `swift test` works too.
public enum TestPython {
    public struct Failed: Error, CustomStringConvertible {
        public let message: String
        public var description: String { "python3 failed: \(message)" }

        public init(message: String) { self.message = message }
    }

    /// The environment for python3 with `package` importable; `variable` is what scripts/test exports.
    public static func environment(package: String, variable: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        let installed = TestPaths.packageRoot.appendingPathComponent("var/test-python").path
        if let path = environment[variable] {
            environment["PYTHONPATH"] = path
        } else if FileManager.default.fileExists(atPath: installed + "/" + package) {
            environment["PYTHONPATH"] = installed
        }
        return environment
    }

    /// Runs python3 with `arguments` and answers its standard output; a non-zero exit throws with
    /// its standard error and a hint at the missing package.
    public static func run(_ arguments: [String], package: String, variable: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.environment = environment(package: package, variable: variable)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(message: "(is \(package) installed? scripts/test installs it): \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
