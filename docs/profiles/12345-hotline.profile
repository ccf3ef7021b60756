# 12345 政务服务便民热线 工单导出 (a 311-style hot line), read as Pledge's complaints.
# Each work order carries its own promised time (办理时限): it becomes due_at (case.due).
source = complaints

complaint_id = {工单号}
# Only complaints and reports are pledges; a consultation (咨询) is not one and is rejected
# (filter the export to 投诉/举报 before ingesting, or keep the rejections as a record).
kind         = {诉求类别} map 投诉=report, 举报=report, 违诺投诉=pledge, 服务承诺投诉=pledge
received_at  = {来电时间}
channel      = "12345热线"
unit_id      = {承办部门}
handler_id   = {承办人}
in_scope     = {是否本部门职责} map 是=yes, 否=no, 退回=no
notified_at  = {首次联系时间}
replied_at   = {答复时间}
closed_at    = {办结时间}
# The promised time is written 2016年03月12日17时; "待定" means not set yet.
due_at       = {办理时限} map 待定="" as %Y年%m月%d日%H时
summary      = {诉求内容}
