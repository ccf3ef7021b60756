# 某市 110 接处警系统 "接处警记录" 导出 (one row per call), read as Pledge's calls.
# The system names its columns its own way, writes times as 20160305140322 and codes
# unit classes, zones and the dispatch state in its own words.
source = calls
# Times are Beijing time already: no timezone line is needed (China Standard Time).

call_id         = {接处警编号}
received_at     = {报警时刻} as %Y%m%d%H%M%S
answered_at     = {接听时刻} as %Y%m%d%H%M%S
rings           = {响铃数}
inquiry_seconds = {通话秒数}
category        = {警情性质}
unit_id         = {出警单位}
unit_class      = {单位级别} map 一级=1, 二级=2, 三级=3
zone            = {辖区类型} map 市区=urban, 郊区=suburb, 农村=rural, 海岛=island
dispatched_at   = {下达指令时刻} as %Y%m%d%H%M%S
# "无" is how the system says a step did not happen.
departed_at     = {出发时刻} map 无="" as %Y%m%d%H%M%S
arrived_at      = {到场时刻} map 无="" as %Y%m%d%H%M%S
reported_at     = {反馈时刻} map 无="" as %Y%m%d%H%M%S
operator_id     = {接警员工号}
handler_id      = {处警民警}
cancelled       = {处置状态} map 已撤警=是, *=否
