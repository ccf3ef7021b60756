import Testing

@testable import PledgeKit

extension Projections {
  /// From CSV text to obligations: real files through `IngestSession` into a store, replayed into
  /// a projection, evaluated by the rulebook.
  @Suite struct IngestedObligationTests {
    private static func obligation(
      _ rule: RuleID, of id: String, in projection: Projection, asOf: Instant? = nil
    ) throws -> Obligation {
      let evaluation = try Evaluation(projection: projection, options: RuleOptions(), asOf: asOf)
      let found = try evaluation.obligations(ofRecord: id).filter { $0.rule == rule }
      #expect(found.count == 1, "\(rule.rawValue) of \(id)")
      return try #require(found.first)
    }

    /// A second export corrects an arrival time: the breach becomes met, the default A still
    /// counts the superseded time, and replaying batch 1 alone gives back the breach.
    @Test func aCorrectedArrivalFlipsABreachToMetAndReplayGoesBack() throws {
      try RuleBench.inTemporaryDirectory { dir in
        let store = MemoryEventStore()
        let session = IngestSession(store: store)
        let first = try RuleBench.ingest(
          """
          call_id,received_at,unit_id,unit_class,zone,dispatched_at,departed_at,arrived_at,handler_id
          C2,2026-03-04 09:00:00,U1,1,suburb,2026-03-04 09:00:30,2026-03-04 09:01:30,2026-03-04 09:10:30,H2
          C1,2026-03-04 10:00:00,U1,1,urban,2026-03-04 10:01:00,2026-03-04 10:01:50,2026-03-04 10:06:30,H1

          """, as: .calls, named: "calls-0304.csv", in: dir, session: session)
        #expect(first.status == .ingested(batch: 1))
        #expect(first.rejections.isEmpty)

        let before = try Projection.replaying(store)
        let breached = try Self.obligation(.callArrive, of: "C1", in: before)
        #expect(breached.state == .breached)
        #expect(breached.deadline == cst(2026, 3, 4, 10, 6))
        #expect(breached.lateSeconds == 30)
        #expect(breached.personID == "H1")
        #expect(breached.unitID == "U1")
        // C2 departed and arrived exactly at the limits.
        #expect(try Self.obligation(.callDepart, of: "C2", in: before).state == .met)
        #expect(try Self.obligation(.callArrive, of: "C2", in: before).state == .met)

        // The correction: only the arrival, the other cells empty (an empty cell never erases).
        let second = try RuleBench.ingest(
          """
          call_id,received_at,unit_id,unit_class,zone,dispatched_at,departed_at,arrived_at,handler_id
          C1,2026-03-04 10:00:00,,,,,,2026-03-04 10:05:59,

          """, as: .calls, named: "calls-0304-fix.csv", in: dir, session: session)
        #expect(second.status == .ingested(batch: 2))
        #expect(second.counts.corrections == 1)
        #expect(second.counts.newFacts == 0)

        let after = try Projection.replaying(store)
        #expect(after.latestBusinessTime == cst(2026, 3, 4, 10, 6, 30))
        let met = try Self.obligation(.callArrive, of: "C1", in: after)
        #expect(met.state == .met)
        #expect(met.done == cst(2026, 3, 4, 10, 5, 59))
        #expect(met.lateSeconds == nil)
        #expect(try Self.obligation(.callDepart, of: "C1", in: after).state == .met)
        #expect(after.calls["C1"]?.handlerID == "H1")

        let replayed = try Projection.replaying(store, through: 1)
        let again = try Self.obligation(.callArrive, of: "C1", in: replayed)
        #expect(again.state == .breached)
        #expect(again.done == cst(2026, 3, 4, 10, 6, 30))
        #expect(again.lateSeconds == 30)
        #expect(again.signature == breached.signature)

        var corrections: [Event] = []
        try store.replay(through: nil, sources: nil) {
          if $0.isCorrection { corrections.append($0.event) }
        }
        #expect(corrections == [Event(.call(.arrived), "C1", .instant(cst(2026, 3, 4, 10, 5, 59)))])
      }
    }

    /// Chinese headers, the units register's class and committed minutes, a withdrawn dispatch,
    /// and emergency categories as exports spell them.
    @Test func callsWithChineseHeadersAndTheUnitsRegister() throws {
      try RuleBench.inTemporaryDirectory { dir in
        let store = MemoryEventStore()
        let session = IngestSession(store: store)
        try RuleBench.ingest(
          """
          单位编号,单位名称,类别,承诺到达时限
          U2,城东卫生院,2,15
          U1,城东派出所,一类,

          """, as: .units, named: "units.csv", in: dir, session: session)
        let calls = try RuleBench.ingest(
          """
          接警编号,报警时间,振铃次数,询问时长,警情类别,处警单位编号,区域,派警时间,出警时间,到达时间,处警人,撤警
          K1,2026-03-04 12:20:00,4,95,一般警情,U2,城区,2026-03-04 12:25:00,,2026-03-04 12:40:01,H1,
          K2,2026-03-04 12:20:00,2,130,突發事件,U1,海岛,2026-03-04 12:30:00,,,H2,是
          K3,2026/3/8 10:00,3,,  EMERGENCY  ,U9,,2026/3/8 10:05,2026/3/8 11:05,,H3,否
          K4,46085.5,,,一般警情,U2,城郊,2026-03-04T04:05:00Z,,2026年3月4日 12:20,H4,

          """, as: .calls, named: "calls-zh.csv", in: dir, session: session)
        #expect(calls.rejections.isEmpty)
        let projection = try Projection.replaying(store)
        let asOf = cst(2026, 3, 9)

        // K1: class 2 from the register, committed 15 minutes: arrived one second late.
        let k1 = try Evaluation(projection: projection, options: RuleOptions(), asOf: asOf)
          .obligations(ofRecord: "K1")
        #expect(k1.map(\.rule) == [.callAnswer, .callInquiry, .callArriveCommitted])
        #expect(k1.map(\.state) == [.breached, .met, .breached])
        #expect(k1.last?.deadline == cst(2026, 3, 4, 12, 40))
        #expect(k1.last?.lateSeconds == 1)

        // K2: class 1 from the register, island (no call.arrive), cancelled with nothing done.
        let k2 = try Evaluation(projection: projection, options: RuleOptions(), asOf: asOf)
          .obligations(ofRecord: "K2")
        #expect(
          k2.map(\.rule) == [
            .callAnswer, .callInquiry, .callDepart, .emergencyReady, .emergencyArrive,
          ])
        #expect(k2.map(\.state) == [.met, .breached, .exempt, .exempt, .exempt])
        // Lunch break: off hours, so 360 + 30 minutes on the island.
        #expect(k2.last?.deadline == cst(2026, 3, 4, 19))

        // K4: an Excel serial, a UTC time and a Chinese date in one row; arrived at the limit.
        let k4 = try Self.obligation(.callArriveCommitted, of: "K4", in: projection, asOf: asOf)
        #expect(k4.start == cst(2026, 3, 4, 12, 5))
        #expect(k4.deadline == cst(2026, 3, 4, 12, 20))
        #expect(k4.state == .met)
        #expect(projection.calls["K4"]?.receivedAt == cst(2026, 3, 4, 12))

        // K3: an unregistered unit (no class), a Sunday emergency: 60 minutes to get ready.
        let ready = try Self.obligation(.emergencyReady, of: "K3", in: projection, asOf: asOf)
        #expect(ready.deadline == cst(2026, 3, 8, 11, 5))
        #expect(ready.state == .met)
        let arrive = try Self.obligation(.emergencyArrive, of: "K3", in: projection, asOf: asOf)
        #expect(arrive.deadline == cst(2026, 3, 8, 12, 5))
        #expect(arrive.state == .breached)
        // Late from 12:05 on 03-08 to A, 00:00 on 03-09.
        let lateness: Int64 = 86_400 - 12 * 3600 - 5 * 60
        #expect(arrive.lateSeconds == lateness)
      }
    }

    /// Complaints and the onsite visits that serve them, across Spring Festival 2026.
    @Test func complaintsAndVisitsAcrossSpringFestival() throws {
      try RuleBench.inTemporaryDirectory { dir in
        let store = MemoryEventStore()
        let session = IngestSession(store: store)
        try RuleBench.ingest(
          """
          complaint_id,kind,received_at,unit_id,handler_id,in_scope,serious,explained,notified_at,replied_at,closed_at,due_at
          R1,举报投诉,2026-02-13 15:00:00,J1,H1,,是,,2026-02-24 16:00:00,,,2026-02-27 17:00
          R2,report,2026-02-13 15:00:00,J1,H1,否,,,,,,
          P1,违诺投诉,2026-02-13 15:00:00,J2,H2,,,,,2026-03-09 09:00:00,,
          P2,違諾投訴,2026-02-13 15:00:00,J2,H2,,,是,,,,

          """, as: .complaints, named: "complaints.csv", in: dir, session: session)
        try RuleBench.ingest(
          """
          visit_id,kind,started_at,unit_id,staff_id,case_id,matter
          O1,现场核查,2026-02-25 23:59:59,J9,S9,R1,
          O2,onsite,2026-02-26 00:00:00,J9,S9,W1,
          W1,窗口受理,2026-02-14 09:00:00,W,S1,,承诺件

          """, as: .visits, named: "visits.csv", in: dir, session: session)
        let projection = try Projection.replaying(store)
        let evaluation = try Evaluation(
          projection: projection, options: RuleOptions(), asOf: cst(2026, 3, 31))

        let r1 = try evaluation.obligations(ofRecord: "R1")
        #expect(r1.map(\.rule) == [.reportOnsite, .reportNotify, .reportClose, .caseDue])
        // Onsite by the visit, at the last second of 02-25 (§7.7).
        #expect(r1[0].deadline == cst(2026, 2, 25, 23, 59, 59))
        #expect(r1[0].done == cst(2026, 2, 25, 23, 59, 59))
        #expect(r1[0].state == .met)
        // 02-13 + 7 = 02-20, in the holiday: rolls to 02-24.
        #expect(r1[1].deadline == cst(2026, 2, 24, 23, 59, 59))
        #expect(r1[1].state == .met)
        #expect(r1[2].state == .exempt)
        #expect(r1[3].deadline == cst(2026, 2, 27, 17))
        #expect(r1[3].state == .breached)

        #expect(try evaluation.obligations(ofRecord: "R2").isEmpty)

        let p1 = try #require(try evaluation.obligations(ofRecord: "P1").first)
        #expect(p1.rule == .pledgeReply)
        #expect(p1.deadline == cst(2026, 3, 5, 23, 59, 59))
        #expect(p1.lateDays == 4)
        #expect(p1.compensation == Money(yuan: 40))
        #expect(p1.personID == "H2")

        let p2 = try #require(try evaluation.obligations(ofRecord: "P2").first)
        #expect(p2.state == .exempt)
        #expect(p2.compensation == .zero)

        // Window application on the make-up Saturday, served through its visit id one second
        // after its fifth working day ended.
        let w1 = try #require(try evaluation.obligations(ofRecord: "W1").first)
        #expect(w1.rule == .windowOnsite)
        #expect(w1.deadline == cst(2026, 2, 28, 23, 59, 59))
        #expect(w1.state == .met)
        #expect(w1.done == cst(2026, 2, 26))
      }
    }

    /// The key-person register and keyperson visits, with the register's date spellings.
    @Test func keypersonsAndTheirVisits() throws {
      try RuleBench.inTemporaryDirectory { dir in
        let store = MemoryEventStore()
        let session = IngestSession(store: store)
        try RuleBench.ingest(
          """
          人员编号,责任单位,帮教人,列管日期,解除日期
          P1,K1,HELPER1,2026/1/15,
          P2,K2,,2026年1月1日,2026-02-20

          """, as: .keypersons, named: "keypersons.csv", in: dir, session: session)
        try RuleBench.ingest(
          """
          visit_id,kind,started_at,staff_id,subject_id
          V1,帮教走访,2026-02-10 10:00,HELPER1,P1
          V2,keyperson,2026-03-31 23:59:59,HELPER1,P1
          V3,keyperson,2026-01-20 10:00,,P2

          """, as: .visits, named: "keyperson-visits.csv", in: dir, session: session)
        let projection = try Projection.replaying(store)
        // Default A: the latest visit, 03-31 23:59:59.
        let evaluation = try Evaluation(projection: projection, options: RuleOptions())
        #expect(evaluation.asOf == cst(2026, 3, 31, 23, 59, 59))

        let p1 = try evaluation.obligations(ofRecord: "P1")
        #expect(p1.map(\.recordID) == ["P1@2026-02", "P1@2026-03"])
        #expect(p1.map(\.state) == [.met, .met])
        #expect(p1.map(\.personID) == ["HELPER1", "HELPER1"])

        let p2 = try evaluation.obligations(ofRecord: "P2")
        #expect(p2.map(\.recordID) == ["P2@2026-01"])
        #expect(p2.first?.state == .met)
        #expect(p2.first?.personID == "K2")
        #expect(p2.first?.unitID == "K2")
      }
    }
  }
}
