/// Chinese words the generator composes addresses, remarks and summaries from, as UTF-8 bytes
/// so rows can be built without Strings.
enum Vocabulary {
  static let districts = words("东城 西城 南湖 北山 江滨 新港 高新 临江")
  static let places = words(
    """
    城关 解放 人民 和平 朝阳 东门 西关 南门 北站 红旗 胜利 建设 新华 光明 长安 青山 白沙 \
    金港 沙湾 柳林 桃源 梅园 竹溪 石桥 河口 龙湾 凤凰 新城 湖滨 滨海 海坛 东岙 西岙 大岙 \
    长峙 螺门 渔港 樟树 松岭 双溪 三江 五里 七星 九龙 湾头 塘下 横街 后宅 前进 兴华 安平
    """)
  static let roads = words(
    """
    中山路 解放路 人民路 建设路 和平路 胜利路 长江路 黄河路 新华路 文化路 学府路 朝阳路 \
    光明街 滨江大道 兴业街 环城东路 环城西路 工农路 青年路 北京路 上海路 南京路 延安路 \
    体育路 府前街 银河路 海港路 站前路 东风路 友谊路 迎宾大道 科技路 创业路 园区路 沿河街
    """)
  static let estates = words(
    """
    阳光花园 金色家园 幸福小区 翠湖苑 锦绣华庭 绿城桂花园 学府名苑 东方明珠小区 春晖新村 \
    滨江一号 紫荆花园 和谐家园 书香门第 江南名都 碧水湾 丽景苑 新港花园 银河小区
    """)
  static let shops = words(
    """
    华联超市 肯德基 建设银行 人民医院 中心小学 农贸市场 汽车站 加油站 网吧 KTV 烧烤店 \
    快捷酒店 五金店 便利店 菜市场 公园 地铁站口 医药超市 美容院 健身房 幼儿园
    """)
  static let villages = words("李家 王家 张家 陈家 下岙 上塘 后山 前湾 新屋 沙头 林场 岭下 桥头")
  static let islands = words("大鹏 东极 秀山 桃花 虾峙")

  static let policeRemarks = words(
    """
    报警人称电动车被盗 双方因琐事发生纠纷 报警人称钱包被偷 邻居装修噪音扰民 有人酒后闹事 \
    报警人称遭遇电信诈骗 报警人称家中被盗 发现可疑人员 有人打架 小孩走失 老人走失 \
    报警人称被骗 商铺门口有人闹事 楼上漏水引发纠纷 报警人称手机丢失 停车纠纷
    """)
  static let trafficRemarks = words(
    "两车刮擦无人员受伤 追尾事故 电动车与轿车相撞一人受伤 路口拥堵 车辆抛锚占道 货车侧翻")
  static let serviceRemarks = words(
    "停水 路灯不亮 燃气泄漏气味 井盖缺失 停电 树木倒伏 下水道堵塞 占道经营 有人晕倒 火情较小")
  static let idleRemarks = words("无声电话 误拨 重复报警 骚扰电话 咨询办事流程 咨询交通管制")
  static let outcomes = words(
    """
    已处理完毕 经调解双方和解 已带回派出所处理 已移交交警处理 民警已到场 报警人已离开 \
    联系不上报警人 经查系误报 已通知相关部门 现场已恢复 已送医
    """)
  static let reportIssues = words(
    """
    无证行医 非法行医 卫生条件差 出售过期药品 违规开展医疗美容 餐馆卫生不达标 游泳池水质浑浊 \
    诊所使用过期药品 医疗废物随意丢弃 公共场所无卫生许可证 生活饮用水异味 职业病防护不到位
    """)
  static let pledgeIssues = words(
    """
    出警超时 办事拖延 工作人员态度差 承诺时限内未办结 窗口无人值守 答复不及时 \
    未按时到现场 多次推诿
    """)
  static let channels = words("12345热线 来电 来信 来访 网上信访 微信公众号 市长信箱")

  static let fullComma = Array("，".utf8)
  static let number = Array("号".utf8)
  static let building = Array("栋".utf8)
  static let entrance = Array("单元".utf8)
  static let junction = Array("与".utf8)
  static let crossing = Array("交叉口".utf8)
  static let nearby = Array("附近".utf8)
  static let district = Array("区".utf8)
  static let town = Array("镇".utf8)
  static let village = Array("村".utf8)
  static let island = Array("岛".utf8)
  static let group = Array("组".utf8)
  static let entranceOf = Array("门口".utf8)
  static let callerSays = Array("报警人称".utf8)
  static let reflect = Array("反映".utf8)
  static let complainAbout = Array("投诉".utf8)

  private static func words(_ text: String) -> [[UInt8]] {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Array($0.utf8) }
  }
}
