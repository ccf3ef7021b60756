/// Traditional-character spellings of the Chinese column aliases and labels Pledge accepts.
///
/// Mainland systems export simplified characters; SPEC 1.3 also accepts the traditional
/// spelling of every alias and label. Rather than a general converter, this is the mapping of
/// exactly the characters those words use, from which every traditional spelling is generated.
enum ChineseSpelling {
  /// Simplified character → its traditional forms.
  static let traditionalForms: [Character: [Character]] = {
    let pairs = """
      编編 号號 报報 时時 间間 来來 电電 听聽 铃鈴 数數 响響 询詢 问問 长長 话話 类類 别別 处處 \
      单單 辖轄 区區 达達 发發 实實 际際 现現 场場 馈饋 员員 销銷 记記 录錄 访訪 帮幫 开開 \
      办辦 结結 经經 对對 点點 关關 联聯 项項 诺諾 诉訴 举舉 违違 责責 属屬 职職 围圍 严嚴 \
      节節 说說 况況 调調 罚罰 额額 称稱 质質 级級 农農 岛島 卫衛 范範 内內 务務 动動 护護 \
      账賬 账帳 题題 周週 条條 终終 补補 台臺
      """
    var map: [Character: [Character]] = [:]
    for pair in pairs.split(separator: " ") where pair.count == 2 {
      map[pair.first!, default: []].append(pair.last!)
    }
    // 答复 is written 答覆 or 答復.
    map["复"] = ["覆", "復"]
    return map
  }()

  /// The word and every traditional spelling of it (the word itself first).
  static func spellings(of word: String) -> [String] {
    var results = [""]
    for character in word {
      let forms = [character] + (traditionalForms[character] ?? [])
      results = results.flatMap { prefix in forms.map { prefix + String($0) } }
    }
    return results
  }
}
