/// The settings that change how rules are evaluated (`--calendar`, `--working-hours`,
/// `--emergency-categories`).
public struct RuleOptions: Sendable {
  /// The calendar under the store's: by default the arrangements Pledge ships.
  public var calendar: WorkCalendar
  /// Dates that override both the bundled calendar and the store's (`--calendar FILE`).
  public var calendarOverrides: [WorkCalendar.Entry] = []
  public var workingHours: WorkingHours
  /// Categories that make a call an emergency (SPEC §3, §7.11).
  public var emergencyCategories: [String] {
    didSet { emergencyMatcher = CategoryMatcher(emergencyCategories) }
  }
  private(set) var emergencyMatcher: CategoryMatcher

  public static let defaultEmergencyCategories = ["突发事件", "突发公共卫生事件", "emergency"]

  public init(
    calendar: WorkCalendar = .bundled, calendarOverrides: [WorkCalendar.Entry] = [],
    workingHours: WorkingHours = .standard,
    emergencyCategories: [String] = RuleOptions.defaultEmergencyCategories
  ) {
    self.calendar = calendar
    self.calendarOverrides = calendarOverrides
    self.workingHours = workingHours
    self.emergencyCategories = emergencyCategories
    emergencyMatcher = CategoryMatcher(emergencyCategories)
  }
}

extension RuleOptions {
  /// The calendar a projection is evaluated with (SPEC 2.1): the bundled arrangements, the
  /// dates the store records over them, and `--calendar` files over both.
  func calendar(with days: RecordTable<CalendarDayRecord>) -> WorkCalendar {
    let stored = WorkCalendar.entries(of: days)
    guard !stored.isEmpty || !calendarOverrides.isEmpty else { return calendar }
    return calendar.adding(stored + calendarOverrides)
  }
}

/// Matches a category against a list: the whole value, ASCII letters in any case, Chinese in
/// simplified or traditional characters. Compares bytes: it runs for every call.
struct CategoryMatcher: Sendable {
  /// Every accepted spelling, ASCII letters lower-cased.
  private let spellings: [[UInt8]]

  init(_ categories: [String]) {
    spellings = categories.flatMap { ChineseSpelling.spellings(of: $0) }
      .map { Array($0.utf8).map(CategoryMatcher.folded) }
  }

  func matches(_ category: String) -> Bool {
    var category = category
    return category.withUTF8 { bytes in
      spellings.contains { spelling in
        guard spelling.count == bytes.count else { return false }
        for i in 0..<bytes.count where CategoryMatcher.folded(bytes[i]) != spelling[i] { return false }
        return true
      }
    }
  }

  @inline(__always)
  static func folded(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
}
