# A window-service ledger kept in Excel and saved as CSV on a Chinese Windows: GB18030 text,
# times typed as dates and saved as Excel serial numbers (42430.37639), some typed as text.
# Read as Pledge's visits. Both kinds of time are forms of SPEC 1.2, so no pattern is needed.
source   = visits
encoding = gb18030

visit_id   = {流水号}
kind       = {业务类别} map 窗口办件=window, 帮教走访=keyperson, 现场核查=onsite
matter     = {办件类型} map 即办件=general, 承诺件=commitment
started_at = {受理时间}
ended_at   = {办结时间}
unit_id    = {科室}
staff_id   = {经办人}
case_id    = {关联件号}
due_at     = {承诺时间}
# 对象编号 (the key person visited) is one of subject_id's own aliases: found without a line.
