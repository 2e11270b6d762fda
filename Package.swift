// swift-tools-version: 6.1
// Parity: skills-recognition matching daemon. Targets follow ../shared/DESIGN.md §2:
// a pure domain core, one adapter per outside thing, and composition in ParityService.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6), .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Parity",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parityd", targets: ["parityd"]),
        .executable(name: "parity", targets: ["parity"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", exact: "1.7.4"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
    ],
    targets: [
        .target(name: "ParityCore", swiftSettings: strict),
        .target(name: "ParityJSON", swiftSettings: strict),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "ParityXML", dependencies: ["ParityCore", "CLibXML2"], swiftSettings: strict),
        .target(name: "ParityStore", dependencies: ["ParityCore"], swiftSettings: strict),
        .target(
            name: "ParitySQLite",
            dependencies: ["ParityStore", "ParityCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(
            name: "ParityPostgres",
            dependencies: [
                "ParityStore", "ParityCore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "ParityMessages", dependencies: ["ParityCore", "ParityJSON"], swiftSettings: strict),
        .systemLibrary(name: "CXMLSec", pkgConfig: "xmlsec1-openssl", providers: [.apt(["libxmlsec1-dev"])]),
        // The defines `pkg-config --cflags xmlsec1-openssl` gives on Debian 12 (SwiftPM passes a
        // system library's include paths to C targets, not its defines); XMLSEC_NO_SIZE_T sets
        // the width of xmlSecSize in the library's structures, so it must match the build.
        .target(
            name: "ParityXMLSecGlue", dependencies: ["CXMLSec"],
            cSettings: [
                .define("XMLSEC_CRYPTO_OPENSSL", to: "1"), .define("XMLSEC_NO_CRYPTO_DYNAMIC_LOADING", to: "1"),
                .define("XMLSEC_NO_SIZE_T"), .define("XMLSEC_OPENSSL3_ENGINES", to: "1"),
                .define("XMLSEC_NO_GOST", to: "1"), .define("XMLSEC_NO_GOST2012", to: "1"),
                .define("__XMLSEC_FUNCTION__", to: "__func__"),
            ]),
        .target(
            name: "ParitySignatures",
            dependencies: [
                "ParityCore", "ParityJSON", "ParityXML", "ParityXMLSecGlue",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict),
        .target(
            name: "ParityDocuments",
            dependencies: ["ParityCore", "ParityJSON", "ParityXML", "ParitySignatures", "CZlib"],
            swiftSettings: strict),
        .target(name: "ParitySpool", swiftSettings: strict),
        .systemLibrary(
            name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(
            name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        .target(
            name: "ParityLetters",
            dependencies: [
                "ParityCore", "ParityJSON", "CPangoCairo", "CQREncode", "CPoppler",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "ParityService",
            dependencies: [
                "ParityCore", "ParityXML", "ParityStore", "ParitySQLite", "ParityPostgres", "ParityMessages",
                "ParityDocuments", "ParitySpool", "ParityLetters", "ParitySignatures", "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "parityd",
            dependencies: [
                "ParityService", .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .target(
            name: "ParityCommands",
            dependencies: [
                "ParityService", "ParityCore", "ParityXML", "ParityMessages", "ParityDocuments", "ParitySpool",
                "ParityStore", "ParityLetters", "ParitySignatures",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict),
        .executableTarget(name: "parity", dependencies: ["ParityCommands"], swiftSettings: strict),
        .executableTarget(
            name: "parity-bench",
            dependencies: [
                "ParityCore", "ParityXML", "ParityMessages", "ParityDocuments", "ParityLetters", "ParitySignatures",
                "ParityTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/parity-bench",
            swiftSettings: strict),
        .target(name: "ParityTestSupport", path: "Tests/ParityTestSupport", swiftSettings: strict),
        .testTarget(name: "ParityCoreTests", dependencies: ["ParityCore"], swiftSettings: strict),
        .testTarget(name: "ParityJSONTests", dependencies: ["ParityJSON"], swiftSettings: strict),
        .testTarget(
            name: "ParityXMLTests", dependencies: ["ParityXML", "ParityCore", "ParityTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "ParityMessagesTests",
            dependencies: ["ParityMessages", "ParityDocuments", "ParityJSON", "ParityCore", "ParityTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "ParityDocumentsTests",
            dependencies: ["ParityDocuments", "ParityMessages", "ParityCore", "ParityXML", "ParityTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "ParitySignaturesTests",
            dependencies: [
                "ParitySignatures", "ParityCore", "ParityXML", "ParityTestSupport",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "ParityRecognitionTests",
            dependencies: ["ParityCore", "ParityXML", "ParityMessages", "ParityTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "ParityLettersTests",
            dependencies: ["ParityLetters", "ParityJSON", "ParityCore", "ParityXML", "ParityTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "ParitySpoolTests", dependencies: ["ParitySpool", "ParityTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ParityStoreTests",
            dependencies: [
                "ParityStore", "ParitySQLite", "ParityPostgres", "ParityCore", "ParityTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .target(
            name: "ParityFuzzTargets",
            dependencies: [
                "ParityCore", "ParityMessages", "ParityDocuments", "ParityXML", "ParityLetters", "ParitySignatures",
            ],
            path: "Tests/Fuzz/Targets", swiftSettings: strict),
        .testTarget(
            name: "ParityFuzzTests", dependencies: ["ParityFuzzTargets", "ParityTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ParityCommandsTests",
            dependencies: [
                "ParityCommands", "ParityService", "ParityCore", "ParityXML", "ParityLetters", "ParityTestSupport",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "ParityServiceTests",
            dependencies: [
                "ParityService", "ParityCore", "ParityXML", "ParityLetters", "ParityMessages", "ParityDocuments",
                "ParitySpool", "ParityStore",
                "ParitySQLite", "ParityPostgres", "ParityTestSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
    ]
)

// `make fuzz` (PARITY_FUZZ=1): one libFuzzer executable per decoder, built in .build/fuzz with
// -sanitize=fuzzer,address -parse-as-library (FuzzDriver hands main to libFuzzer). Not part of any other build.
if Context.environment["PARITY_FUZZ"] != nil {
    package.targets.append(
        .target(
            name: "ParityFuzzDriver", dependencies: ["ParityFuzzTargets"], path: "Tests/Fuzz/Driver",
            swiftSettings: strict))
    for name in [
        "json-envelope", "csv-batch", "job-posting", "letter-verify", "framework-xml", "exchange-document",
        "signatures",
    ] {
        package.targets.append(
            .executableTarget(
                name: "fuzz-" + name, dependencies: ["ParityFuzzDriver"], path: "Tests/Fuzz/Harnesses/" + name,
                swiftSettings: strict))
    }
}
