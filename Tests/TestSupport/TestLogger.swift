import Logging

/// Quiet logger for tests: warnings and above only.
public let testLogger: Logger = {
    var logger = Logger(label: "veloria.test")
    logger.logLevel = .warning
    return logger
}()
