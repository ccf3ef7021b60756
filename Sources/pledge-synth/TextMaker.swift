import PledgeKit

/// Composes the free-text cells: addresses, call remarks and complaint summaries.
///
/// About 3% of them hold an ASCII comma or a double quote (typed on a half-width keyboard, or
/// quoting what a caller said), so they must be quoted in CSV; Chinese text mostly uses the
/// full-width comma, which needs no quoting.
enum TextMaker {
  static func appendAddress(zone: Zone, to bytes: inout [UInt8], _ random: inout RandomSource) {
    typealias V = Vocabulary
    switch zone {
    case .rural:
      bytes += random.pick(V.places)
      bytes += V.town
      bytes += random.pick(V.villages)
      bytes += V.village
      if random.chance(5_000) {
        appendDigits(random.within(1, 12), to: &bytes)
        bytes += V.group
      }
    case .island:
      bytes += random.pick(V.islands)
      bytes += V.island
      bytes += random.pick(V.villages)
      bytes += V.village
    case .urban, .suburb:
      switch random.below(100) {
      case 0..<62:
        bytes += random.pick(V.roads)
        appendDigits(random.within(1, 399), to: &bytes)
        bytes += V.number
      case 62..<74:
        bytes += random.pick(V.estates)
        appendDigits(random.within(1, 32), to: &bytes)
        bytes += V.building
      case 74..<82:
        bytes += random.pick(V.roads)
        bytes += V.junction
        bytes += random.pick(V.roads)
      case 82..<92:
        bytes += random.pick(V.roads)
        appendDigits(random.within(1, 399), to: &bytes)
        bytes += V.number
        bytes += random.pick(V.shops)
      default:
        bytes += random.pick(V.districts)
        bytes += V.district
        bytes += random.pick(V.roads)
        appendDigits(random.within(1, 399), to: &bytes)
        bytes += V.number
      }
    }
    appendQuotingHazard(to: &bytes, &random)
  }

  /// A short remark, sometimes with an outcome after a full-width comma.
  static func appendRemark(
    _ remarks: [[UInt8]], to bytes: inout [UInt8], _ random: inout RandomSource
  ) {
    bytes += random.pick(remarks)
    if random.chance(2_500) {
      bytes += Vocabulary.fullComma
      bytes += random.pick(Vocabulary.outcomes)
    }
    appendQuotingHazard(to: &bytes, &random)
  }

  /// A remark over two lines: what the caller said, then the outcome.
  static func appendTwoLineRemark(
    _ remarks: [[UInt8]], to bytes: inout [UInt8], _ random: inout RandomSource
  ) {
    bytes += random.pick(remarks)
    if random.chance(2_000) { bytes.append(UInt8(ascii: "\r")) }
    bytes.append(UInt8(ascii: "\n"))
    bytes += random.pick(Vocabulary.outcomes)
  }

  /// A complaint summary: 反映 <place><issue> for reports, 投诉 <unit><issue> for pledges.
  static func appendSummary(
    report: Bool, unitName: [UInt8], to bytes: inout [UInt8], _ random: inout RandomSource
  ) {
    typealias V = Vocabulary
    if report {
      bytes += V.reflect
      bytes += random.pick(V.roads)
      appendDigits(random.within(1, 399), to: &bytes)
      bytes += V.number
      if random.chance(5_000) { bytes += random.pick(V.shops) }
      bytes += random.pick(V.reportIssues)
    } else {
      bytes += V.complainAbout
      bytes += unitName
      bytes += random.pick(V.pledgeIssues)
    }
    if random.chance(50) {
      bytes.append(UInt8(ascii: "\n"))
      bytes += random.pick(V.outcomes)
    } else if random.chance(3_000) {
      bytes += V.fullComma
      bytes += random.pick(V.outcomes)
    }
    appendQuotingHazard(to: &bytes, &random)
  }

  /// About 2.5% of texts get an ASCII comma and 0.5% a quoted phrase.
  private static func appendQuotingHazard(to bytes: inout [UInt8], _ random: inout RandomSource) {
    let r = random.below(10_000)
    if r < 250 {
      bytes.append(UInt8(ascii: ","))
      bytes += random.pick(Vocabulary.shops)
      bytes += Vocabulary.nearby
    } else if r < 300 {
      bytes.append(UInt8(ascii: "\""))
      bytes += random.pick(Vocabulary.shops)
      bytes.append(UInt8(ascii: "\""))
      bytes += Vocabulary.entranceOf
    }
  }
}
