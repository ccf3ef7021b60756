// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Pledge",
  products: [
    .executable(name: "pledge", targets: ["pledge"]),
    .library(name: "PledgeKit", targets: ["PledgeKit"]),
  ],
  targets: [
    // Checksums and digests the store needs (CRC-32C, SHA-256), in C so the hardware
    // instructions (SSE4.2, SHA-NI) can be used when the CPU has them.
    .target(name: "CPledgeSupport"),
    .target(name: "PledgeKit", dependencies: ["CPledgeSupport"]),
    .executableTarget(name: "pledge", dependencies: ["PledgeKit"]),
    // Micro-benchmarks of the hot paths for scripts/bench.sh.
    .executableTarget(name: "pledge-bench", dependencies: ["PledgeKit"]),
    .executableTarget(name: "pledge-synth", dependencies: ["PledgeKit"]),
    .testTarget(
      name: "PledgeKitTests", dependencies: ["PledgeKit"],
      // Event logs of format versions 1 and 2 and the pinned event stream, read in place (not
      // bundled resources).
      exclude: ["Store/store-v1", "Store/store-v2", "CLI/events-golden"]),
  ]
)
