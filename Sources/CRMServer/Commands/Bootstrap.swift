import ArgumentParser
import CRMCore
import Foundation
import Logging

/// Shared start-up of every command: configuration, logging, dependencies.
enum Bootstrap {
    /// `extra`: a command's own options (nil values are left to the environment).
    static func config(_ options: ConfigOptions, extra: [String: String?] = [:]) async throws -> AppConfig {
        let overrides = options.overrides.merging(extra.compactMapValues { $0 }) { $1 }
        let reader = try await ConfigSources.reader(overrides: overrides, environmentFile: options.envFile)
        let root: URL
        do {
            root = try ResourceRoot.resolve(
                configured: reader.string(forKey: "veloria.root"), currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                executable: Bundle.main.executableURL)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        do {
            return try AppConfig.load(
                from: reader, rootDirectory: root, secretKeyStore: SecretKeyStore(file: root.appendingPathComponent("var/secret.key")))
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
    }

    static func logger(_ config: AppConfig) -> Logger {
        LoggingSystem.bootstrap(StreamLogHandler.standardOutput)
        var logger = Logger(label: "veloria")
        logger.logLevel = config.logLevel
        return logger
    }
}

extension Bootstrap {
    /// Runs `body` with live dependencies and always closes the database pool afterwards.
    static func withDependencies<T>(_ config: AppConfig, logger: Logger, _ body: (AppDependencies) async throws -> T) async throws -> T {
        let dependencies = try await AppDependencies.live(config: config, logger: logger)
        do {
            let result = try await body(dependencies)
            try await dependencies.database.shutdown()
            return result
        } catch {
            try? await dependencies.database.shutdown()
            throw error
        }
    }
}
