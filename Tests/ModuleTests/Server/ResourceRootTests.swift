import Foundation
import Testing

@testable import CRMServer

/// `veloria` finds lang/, docs/ and public/ from any working directory, or says where it looked.
@Suite struct ResourceRootTests {
    /// A temporary folder; `complete` gives it the three resources.
    static func folder(complete: Bool, lacking: String? = nil) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("docs"), withIntermediateDirectories: true)
        guard complete else { return root }
        for folder in ["lang", "public"] where folder != lacking {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        if lacking != "docs/openapi.json" { try Data("{}".utf8).write(to: root.appendingPathComponent("docs/openapi.json")) }
        return root
    }

    @Test func theWorkingDirectoryWinsWhenItHoldsTheResources() throws {
        // given
        let root = try Self.folder(complete: true)
        // when
        let found = try ResourceRoot.resolve(configured: nil, currentDirectory: root, executable: URL(fileURLWithPath: "/usr/bin/veloria"))
        // then
        #expect(found.path == root.standardizedFileURL.path)
    }

    @Test func fromAnyOtherFolderTheBinaryFindsTheCheckoutAboveIt() throws {
        // given: a checkout with its binary at .build/debug/veloria, started from an empty folder
        let checkout = try Self.folder(complete: true)
        let binary = checkout.appendingPathComponent(".build/debug/veloria")
        let elsewhere = try Self.folder(complete: false)
        // when
        let found = try ResourceRoot.resolve(configured: nil, currentDirectory: elsewhere, executable: binary)
        // then
        #expect(found.path == checkout.standardizedFileURL.path)
    }

    @Test func aConfiguredRootIsUsedAsGivenAndAnIncompleteOneNamesWhatItLacks() throws {
        // given
        let good = try Self.folder(complete: true)
        let noLang = try Self.folder(complete: true, lacking: "lang")
        let elsewhere = try Self.folder(complete: false)
        // when / then
        #expect(try ResourceRoot.resolve(configured: good.path, currentDirectory: elsewhere, executable: nil).path == good.standardizedFileURL.path)
        #expect {
            try ResourceRoot.resolve(configured: noLang.path, currentDirectory: good, executable: nil)
        } throws: { error in
            let text = String(describing: error)
            return text.contains(noLang.standardizedFileURL.path) && text.contains("no lang") && !text.contains(good.path)
        }
    }

    @Test func nothingFoundIsOneErrorListingEveryPlaceLooked() throws {
        // given
        let elsewhere = try Self.folder(complete: false)
        let binary = try Self.folder(complete: false).appendingPathComponent("bin/veloria")
        // when / then
        #expect {
            try ResourceRoot.resolve(configured: nil, currentDirectory: elsewhere, executable: binary)
        } throws: { error in
            let text = String(describing: error)
            return text.contains(elsewhere.standardizedFileURL.path) && text.contains(binary.deletingLastPathComponent().path)
                && text.contains("VELORIA_ROOT") && text.contains("no lang, docs/openapi.json, public")
        }
    }
}
