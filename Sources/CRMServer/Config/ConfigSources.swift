import Configuration
import Foundation

/// The configuration sources in priority order: command-line options, the environment, a
/// `.env` file in the working directory, then the defaults written in `AppConfig.load`.
public enum ConfigSources {
    /// `overrides` holds values given as command-line options, keyed like `"port"` or `"database.url"`.
    public static func reader(overrides: [String: String], environmentFile: String = ".env") async throws -> ConfigReader {
        let commandLine = InMemoryProvider(
            name: "command-line", values: Dictionary(uniqueKeysWithValues: overrides.map { (AbsoluteConfigKey(stringLiteral: $0.key), ConfigValue(.string($0.value), isSecret: false)) }))
        let dotEnv = try await EnvironmentVariablesProvider(environmentFilePath: .init(environmentFile), allowMissing: true)
        return ConfigReader(providers: [commandLine, EnvironmentVariablesProvider(), dotEnv])
    }

    /// A reader over fixed values only, for tests and tools.
    public static func reader(values: [String: String]) -> ConfigReader {
        ConfigReader(
            provider: InMemoryProvider(
                name: "fixed", values: Dictionary(uniqueKeysWithValues: values.map { (AbsoluteConfigKey(stringLiteral: $0.key), ConfigValue(.string($0.value), isSecret: false)) })))
    }
}
