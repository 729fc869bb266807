// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "backtest-server",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "backtestd", targets: ["backtestd"]),
        .executable(name: "backtest-bench", targets: ["backtest-bench"]),
        .library(name: "BacktestEngine", targets: ["BacktestEngine"]),
        .library(name: "MicroHTTP", targets: ["MicroHTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CMicroHTTPD",
            pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]
        ),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "MicroHTTP",
            dependencies: [
                "CMicroHTTPD",
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "BacktestEngine",
            // RealModule: pow for the CAGR (libm's, through swift-numerics' shims).
            dependencies: [.product(name: "RealModule", package: "swift-numerics")],
            // `Double.squareRoot()` can lower to a libm call in release builds; the engine imports
            // no Glibc, so link libm explicitly.
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        .target(
            name: "BacktestService",
            dependencies: [
                "BacktestEngine",
                "MicroHTTP",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            // Embeds api-spec/openapi.yaml as source: the binary serves the contract it was built from.
            plugins: ["EmbedOpenAPI"]
        ),
        .executableTarget(name: "embed-text"),
        .plugin(name: "EmbedOpenAPI", capability: .buildTool(), dependencies: ["embed-text"]),
        .executableTarget(
            name: "backtestd",
            dependencies: [
                "BacktestService",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Seeded test and benchmark data (SyntheticCSV, SplitMix64): shared by backtest-bench and
        // the tests, never linked into backtestd.
        .target(name: "BacktestFixtures", dependencies: ["BacktestEngine"]),
        .executableTarget(
            name: "backtest-bench",
            dependencies: [
                "BacktestEngine",
                "BacktestFixtures",
                "BacktestService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["BacktestEngine", "BacktestService", "MicroHTTP"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "MicroHTTPTests", dependencies: ["MicroHTTP"]),
        .testTarget(name: "BacktestEngineTests", dependencies: ["BacktestEngine", "BacktestFixtures"]),
        .testTarget(
            name: "BacktestServiceTests", dependencies: ["BacktestFixtures", "BacktestService", "TestSupport"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "BacktestFixtures", "BacktestService", "TestSupport",
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Peers", "Contract", "Tools", "Client"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
