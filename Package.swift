// swift-tools-version:6.1
import PackageDescription

/// The domains and the other domains each may import: the arrows of docs/architecture.md, kept in
/// step with scripts/check-boundaries (which also checks the `import` lines). SwiftPM refuses a cycle.
let domains: [(name: String, imports: [String])] = [
    ("Accounts", []),
    ("Oversight", []),
    ("Operations", []),
    ("Settings", []),
    ("Clients", ["Settings"]),
    ("Catalog", ["Clients"]),
    ("Booking", ["Catalog", "Clients", "Settings"]),
    ("Messaging", ["Booking", "Clients", "Settings", "Operations"]),
    ("Billing", ["Booking", "Catalog", "Clients", "Messaging", "Settings", "Operations"]),
    ("Integrations", ["Messaging", "Billing"]),
    ("Dashboard", ["Booking", "Billing", "Catalog", "Clients", "Operations"]),
    ("Storefront", ["Booking", "Catalog", "Clients", "Settings", "Messaging"]),
]

/// What every domain builds on: the kernel, tenancy, plans, the provider clients, and the HTTP,
/// SQL and logging libraries.
let domainBase: [Target.Dependency] = [
    "CRMCore", "Tenancy", "Plans", "Providers",
    .product(name: "Hummingbird", package: "hummingbird"),
    .product(name: "HTTPTypes", package: "swift-http-types"),
    .product(name: "SQLKit", package: "sql-kit"),
    .product(name: "Logging", package: "swift-log"),
    .product(name: "Crypto", package: "swift-crypto"),
]

extension Target {
    func adding(_ more: [Target.Dependency]) -> Target {
        dependencies += more
        return self
    }
}

let package = Package(
    name: "VeloriaCRM",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "veloria", targets: ["CRMServer"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        // System libraries: module maps only; the shims wrap C variadics Swift cannot call.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CHiredis", providers: [.apt(["libhiredis-dev"])]),

        .target(
            name: "CRMCore",
            dependencies: [
                "CHiredis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "Plans",
            dependencies: [
                "CRMCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .target(
            name: "Tenancy",
            dependencies: [
                "CRMCore", "Plans",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Providers",
            dependencies: [
                "CRMCore", "CCurl",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "AIClient", dependencies: ["CRMCore", "Providers"]),
        // Domains: one target each under Sources/Modules/<name> (see `domains` below).
        // The registry: the migration list, the demo seeder, and every domain re-exported.
        .target(
            name: "Modules",
            dependencies: ["CRMCore", "Tenancy", "Plans"] + domains.map { .target(name: $0.name) },
            path: "Sources/Modules/Registry"
        ),
        .executableTarget(
            name: "CRMServer",
            dependencies: [
                "CRMCore", "Tenancy", "Plans", "Modules", "Providers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // bench/slots: the slot engine benchmark (issue 5), `bench/slots/run`. Not a product; built on demand.
        .executableTarget(
            name: "SlotsBench",
            dependencies: [
                "CRMCore", "Tenancy", "Plans", "Modules",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            path: "bench/slots/Sources"
        ),

        // bench/queue: the job queue benchmark (issue 6), `bench/queue/run`. Not a product; built on demand.
        .executableTarget(
            name: "QueueBench",
            dependencies: ["CRMCore", .product(name: "Logging", package: "swift-log"), .product(name: "SQLKit", package: "sql-kit")],
            path: "bench/queue/Sources"
        ),

        // Test support shared by every test target (test databases, fixtures, fake HTTP servers):
        // a plain library target in Tests/TestSupport. `withTestApp` needs the executable target,
        // which only test targets may import, so it sits in ModuleTests/Support.
        .target(
            name: "TestSupport",
            dependencies: [
                "CRMCore", "Tenancy", "Plans", "Providers",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "PlanGateTests",
            dependencies: ["Plans", "CRMCore", "TestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "ModuleTests",
            dependencies: [
                "TestSupport", "CRMServer", "CRMCore", "Tenancy", "Plans", "Modules", "Providers",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ).adding(domains.map { .target(name: $0.name) }),
        // The kernel's own tests: they build without the server or any domain.
        .testTarget(
            name: "CoreTests",
            dependencies: ["CRMCore", "TestSupport", .product(name: "SQLKit", package: "sql-kit")]
        ),
        .testTarget(
            name: "ProviderTests",
            dependencies: ["TestSupport", "Providers", "CRMCore", "AIClient"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

package.targets += domains.map { domain in
    .target(name: domain.name, dependencies: domainBase + domain.imports.map { .target(name: $0) }, path: "Sources/Modules/\(domain.name)")
}
