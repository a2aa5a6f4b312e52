import Foundation

/// Where the repository is, for tests that read its files (`lang/`, `docs/`, the sources): the
/// first folder above this file that holds `Package.swift`, so moving a test file never breaks it.
public enum TestPaths {
    public static let packageRoot: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }()
}
