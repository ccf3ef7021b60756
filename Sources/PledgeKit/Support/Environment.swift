import Glibc

/// A whole number from the environment variable `name` (the tuning knobs tests and benchmarks
/// set, such as `$PLEDGE_CORES`); nil when it is unset or not a number.
func environmentInteger(_ name: String) -> Int? {
  getenv(name).flatMap { Int(String(cString: $0)) }
}
