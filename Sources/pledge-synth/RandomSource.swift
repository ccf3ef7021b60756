/// A seeded xoshiro256** generator, with its state filled by SplitMix64.
///
/// Only integer arithmetic: the same seed gives the same numbers on every machine and every
/// Swift version, which `SystemRandomNumberGenerator` (and anything built on `Double` maths
/// from the C library) cannot promise. Every source the generator writes has its own stream,
/// and calls have one stream per day, so what one file holds never depends on which other
/// files were asked for or how the output is split.
struct RandomSource {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  init(seed: UInt64, stream: Stream, index: Int = 0) {
    var mixer = SplitMix64(
      state: SplitMix64.mix(seed)
        ^ SplitMix64.mix(stream.rawValue &* 0x9E37_79B9_7F4A_7C15)
        ^ SplitMix64.mix(UInt64(bitPattern: Int64(index)) &+ 0x632B_E59B_D9B4_E019))
    s0 = mixer.next()
    s1 = mixer.next()
    s2 = mixer.next()
    s3 = mixer.next()
  }

  /// The independent streams, one per purpose. New streams go at the end: a raw value, once
  /// used, is part of what every existing export's bytes depend on.
  enum Stream: UInt64 {
    case units = 1
    case keyPersons
    case callDays
    case calls
    case complaints
    case visits
    case keyPersonVisits
    case windowVisits
    case complaintTexts
    case visitRows
    case dispatches
    case dispatchLog
    case duties
    case activities
  }

  mutating func next() -> UInt64 {
    let result = rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  /// A number in `0..<n` (Lemire's multiply-high; the bias is below 2⁻⁴⁰ for the sizes used).
  mutating func below(_ n: Int) -> Int {
    precondition(n > 0)
    return Int(truncatingIfNeeded: UInt64(n).multipliedFullWidth(by: next()).high)
  }

  /// A number in `low...high`.
  mutating func within(_ low: Int, _ high: Int) -> Int {
    high <= low ? low : low + below(high - low + 1)
  }

  mutating func within(_ low: Int64, _ high: Int64) -> Int64 {
    Int64(within(Int(low), Int(high)))
  }

  /// True with probability `perTenThousand` / 10 000.
  mutating func chance(_ perTenThousand: Int) -> Bool { below(10_000) < perTenThousand }

  /// One element, uniformly.
  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

  private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

struct SplitMix64 {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return SplitMix64.mix(state)
  }

  static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Picks an index with probability proportional to integer weights.
struct WeightedTable {
  private let cumulative: [Int]

  init(_ weights: [Int]) {
    var running = 0
    cumulative = weights.map {
      running += Swift.max(0, $0)
      return running
    }
  }

  var total: Int { cumulative.last ?? 0 }
  var isEmpty: Bool { total == 0 }

  func pick(_ random: inout RandomSource) -> Int {
    let r = random.below(total)
    var low = 0
    var high = cumulative.count - 1
    while low < high {
      let mid = (low + high) / 2
      if cumulative[mid] > r { high = mid } else { low = mid + 1 }
    }
    return low
  }
}

/// A duration (or any integer) drawn from weighted uniform bands: `(weight, low, high)`.
/// Bands make the long tails of real service times without floating-point maths.
struct Spread {
  private let table: WeightedTable
  private let bands: [(low: Int, high: Int)]

  init(_ bands: [(Int, Int, Int)]) {
    table = WeightedTable(bands.map(\.0))
    self.bands = bands.map { ($0.1, $0.2) }
  }

  func draw(_ random: inout RandomSource) -> Int {
    let band = bands[table.pick(&random)]
    return random.within(band.low, band.high)
  }
}

extension Array {
  /// Largest-remainder split of `total` over `weights`: the parts add up to `total` exactly.
  static func apportion(_ total: Int, by weights: [Int]) -> [Int] where Element == Int {
    let sum = weights.reduce(0) { $0 + Swift.max(0, $1) }
    guard sum > 0, total > 0 else { return Swift.Array(repeating: 0, count: weights.count) }
    var parts: [Int] = []
    var remainders: [(Int, Int)] = []
    parts.reserveCapacity(weights.count)
    var given = 0
    for (index, weight) in weights.enumerated() {
      let product = total.multipliedFullWidth(by: Swift.max(0, weight))
      let (q, r) = sum.dividingFullWidth(product)
      parts.append(q)
      remainders.append((r, index))
      given += q
    }
    remainders.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
    for k in 0..<(total - given) { parts[remainders[k].1] += 1 }
    return parts
  }

  /// Keeps `count` elements chosen uniformly, in their order (Knuth's selection sampling).
  mutating func keepSample(_ count: Int, _ random: inout RandomSource) {
    var needed = count
    var kept = 0
    for i in indices where random.below(self.count - i) < needed {
      self[kept] = self[i]
      kept += 1
      needed -= 1
    }
    removeLast(self.count - kept)
  }
}
