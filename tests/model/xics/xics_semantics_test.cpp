// Semantic-core tests: every corner case C1-C33 of xics-spec.md section 6 and the QEMU/KVM
// differences of 2.11. Expected values come from the spec tables, not from the model.
#include "models/intc/sync_xics.h"
#include "tests/model/xics/xics_test_util.h"

#include <gtest/gtest.h>

using namespace ppc64sim::intc;
using namespace xics_test;

namespace {

class Both : public ::testing::TestWithParam<Flavour> {
protected:
  SyncXics x{GetParam(), {0, 1}};
  Flavour f() const { return GetParam(); }
  // Unmask S at priority 5 on server 0 and open server 0 (the usual guest set-up, 5.1).
  void open(uint32_t server = 0) { ASSERT_EQ(x.set_cppr(server, 0xFF), hstatus::H_SUCCESS); }
  void enable(uint32_t src, uint32_t server = 0, uint32_t prio = 5) {
    ASSERT_EQ(x.set_xive(src, server, prio), rtas::SUCCESS);
  }
};
INSTANTIATE_TEST_SUITE_P(Flavours, Both, ::testing::Values(Flavour::qemu, Flavour::kvm),
                         [](const auto& i) { return i.param == Flavour::qemu ? "qemu" : "kvm"; });

// 1.3 reset: CPPR 0, XISR 0, MFRR 0xFF, PPRI 0xFF, line low.
TEST_P(Both, ResetState) {
  EXPECT_EQ(cppr(x, 0), 0);
  EXPECT_EQ(xisr(x, 0), 0u);
  EXPECT_EQ(x.icp_state(0)->mfrr, 0xFF);
  EXPECT_EQ(x.icp_state(0)->pending_pri, 0xFF);
  EXPECT_FALSE(x.line(0));
  EXPECT_EQ(x.get_xive(S).priority, 0xFF);
}

TEST_P(Both, C1_TriggerBeforeCpprLoweredIsPresentedAfterHCppr) {
  enable(S);
  x.msi_trigger(S);
  EXPECT_FALSE(x.line(0));
  EXPECT_EQ(xisr(x, 0), 0u);
  if (f() == Flavour::qemu) {
    EXPECT_TRUE(x.source_state(S)->rejected);
  } else {
    EXPECT_TRUE(x.source_state(S)->resend);
  }
  open();
  EXPECT_TRUE(x.line(0));
  EXPECT_EQ(xisr(x, 0), S);
}

TEST_P(Both, C2_CpprRaiseRejectsPendingThenLowerRepresents) {
  open();
  enable(S);
  x.msi_trigger(S);
  ASSERT_EQ(xisr(x, 0), S);
  x.set_cppr(0, 5);
  EXPECT_EQ(xisr(x, 0), 0u);
  EXPECT_FALSE(x.line(0));
  x.set_cppr(0, 0xFF);
  EXPECT_EQ(xisr(x, 0), S);
  EXPECT_TRUE(x.line(0));
}

TEST_P(Both, C3_CpprRaiseBelowPendingKeepsIt) {
  open();
  enable(S);
  x.msi_trigger(S);
  x.set_cppr(0, 6);
  EXPECT_EQ(xisr(x, 0), S);
  EXPECT_TRUE(x.line(0));
}

TEST_P(Both, C4_IpiReplacesExternalWhichReturnsAfterIpiEoi) {
  open();
  enable(S);
  x.msi_trigger(S);
  EXPECT_EQ(x.ipi(0, 4), hstatus::H_SUCCESS);
  EXPECT_EQ(x.accept(0).r4, 0xFF000002u);
  EXPECT_EQ(cppr(x, 0), 4);
  x.ipi(0, 0xFF);
  x.eoi(0, 0xFF000002u);
  EXPECT_EQ(xisr(x, 0), S);
  EXPECT_TRUE(x.line(0));
}

// An H_IPI from another thread (an IPI message) does to the target what the direct MFRR write
// does, for every value: the message keeps only the low byte and whether the value was wider,
// which is all either flavour looks at (KVM compares the whole value with CPPR and the old MFRR).
TEST_P(Both, IpiFromAnotherThreadEqualsTheDirectWrite) {
  for (uint64_t v : {0x4ull, 0x5ull, 0xFFull, 0x100ull, 0x104ull, 0x1FFull, 0xFFFFFFFF00000003ull}) {
    SyncXics direct{f(), {0, 1}};
    SyncXics sent{f(), {0, 1}};
    for (SyncXics* y : {&direct, &sent}) {
      y->set_cppr(1, 0xFF);
      y->set_xive(S, 1, 5);
      y->msi_trigger(S);
      y->ipi(1, 6);
    }
    direct.ipi(1, v);
    EXPECT_EQ(sent.ipi_from(0, 1, v), hstatus::H_SUCCESS);
    EXPECT_EQ(sent.sent(MessageKind::ipi), 1u);
    EXPECT_EQ(*sent.get_icp(1).value, *direct.get_icp(1).value) << std::hex << v;
    EXPECT_EQ(sent.line(1), direct.line(1)) << std::hex << v;
    EXPECT_EQ(*sent.get_source(S).value, *direct.get_source(S).value) << std::hex << v;
  }
}

// C5 / 2.11 #3: MFRR equal to the pending external's priority.
TEST_P(Both, C5_Diff3_IpiTieWithPendingExternal) {
  open();
  enable(S);
  x.msi_trigger(S);
  x.ipi(0, 5);
  if (f() == Flavour::qemu) {
    const auto xirr = static_cast<uint32_t>(x.accept(0).r4);
    EXPECT_EQ(xirr, 0xFF000000u | S); // external kept
    x.eoi(0, xirr);
    EXPECT_EQ(xisr(x, 0), kIpi);      // IPI presented after its EOI
  } else {
    EXPECT_EQ(x.accept(0).r4, 0xFF000002u); // IPI replaced the external
    x.ipi(0, 0xFF);
    x.eoi(0, 0xFF000002u);
    EXPECT_EQ(xisr(x, 0), S);               // external re-presented after the IPI's EOI
  }
}

TEST_P(Both, C6_IpiLessFavouredThanCpprWaitsForCpprLower) {
  x.set_cppr(0, 5);
  x.ipi(0, 6);
  EXPECT_EQ(xisr(x, 0), 0u);
  EXPECT_FALSE(x.line(0));
  HcallResult p = x.ipoll(0);
  EXPECT_EQ(p.status, hstatus::H_SUCCESS);
  EXPECT_EQ(p.r4, 0x05000000u);
  EXPECT_EQ(p.r5, 6u);
  x.set_cppr(0, 0xFF);
  EXPECT_EQ(xisr(x, 0), kIpi);
  EXPECT_TRUE(x.line(0));
}

TEST_P(Both, C7_MfrrResetDoesNotRetractPresentedIpi) {
  open();
  x.ipi(0, 4);
  x.ipi(0, 0xFF);
  EXPECT_EQ(x.accept(0).r4, 0xFF000002u);
}

TEST_P(Both, C8_TwoIpisCollapseIntoOne) {
  open();
  x.ipi(0, 4);
  x.ipi(0, 4);
  EXPECT_EQ(x.accept(0).r4, 0xFF000002u);
  x.ipi(0, 0xFF);
  x.eoi(0, 0xFF000002u);
  EXPECT_EQ(xisr(x, 0), 0u);
  EXPECT_FALSE(x.line(0));
}

// C9 / 2.11 #1
TEST_P(Both, C9_Diff1_SpuriousAccept) {
  x.set_cppr(0, 5);
  EXPECT_EQ(x.accept(0).r4, 0x05000000u);
  EXPECT_EQ(cppr(x, 0), f() == Flavour::qemu ? 0xFF : 5);
}

// C10: H_XIRR_X shares accept's side effects; its r5 timestamp is the shim's (2.3).
TEST_P(Both, C10_AcceptSideEffects) {
  open();
  enable(S);
  x.msi_trigger(S);
  EXPECT_EQ(x.accept(0).r4, 0xFF000000u | S);
  EXPECT_EQ(cppr(x, 0), 5);
  EXPECT_EQ(xisr(x, 0), 0u);
  EXPECT_EQ(x.icp_state(0)->pending_pri, 0xFF);
  EXPECT_FALSE(x.line(0));
}

TEST_P(Both, C11_LsiStillAssertedAtEoiIsRepresented) {
  open();
  x.set_source_type(S, SourceType::lsi);
  enable(S);
  x.set_lsi_level(S, true);
  const auto xirr = static_cast<uint32_t>(x.accept(0).r4);
  EXPECT_EQ(xirr, 0xFF000000u | S);
  EXPECT_FALSE(x.line(0));
  x.eoi(0, xirr);
  EXPECT_EQ(xisr(x, 0), S);
  EXPECT_TRUE(x.line(0));
}

TEST_P(Both, C12_LsiDeassertedBeforeEoiIsNotRepresented) {
  open();
  x.set_source_type(S, SourceType::lsi);
  enable(S);
  x.set_lsi_level(S, true);
  const auto xirr = static_cast<uint32_t>(x.accept(0).r4);
  x.set_lsi_level(S, false);
  x.eoi(0, xirr);
  EXPECT_EQ(xisr(x, 0), 0u);
  EXPECT_FALSE(x.line(0));
}

TEST_P(Both, C13_LsiDroppedBeforeAcceptIsStillReturned) {
  open();
  x.set_source_type(S, SourceType::lsi);
  enable(S);
  x.set_lsi_level(S, true);
  x.set_lsi_level(S, false);
  EXPECT_EQ(drain(x, 0), std::vector<uint32_t>{S});
}

TEST_P(Both, C14_MaskedTriggerDeliveredOnceOnSetXive) {
  open();
  x.set_xive(S, 0, 0xFF);
  x.msi_trigger(S);
  EXPECT_EQ(xisr(x, 0), 0u);
  enable(S);
  EXPECT_EQ(drain(x, 0), std::vector<uint32_t>{S});
}

TEST_P(Both, C14_MaskedTriggerDeliveredOnceOnIntOn) {
  open();
  enable(S);
  EXPECT_EQ(x.int_off(S), rtas::SUCCESS);
  x.msi_trigger(S);
  EXPECT_EQ(xisr(x, 0), 0u);
  EXPECT_EQ(x.int_on(S), rtas::SUCCESS);
  EXPECT_EQ(drain(x, 0), std::vector<uint32_t>{S});
}

// C15 / 2.11 #7
TEST_P(Both, C15_Diff7_TwoMaskedTriggers) {
  open();
  x.set_xive(S, 0, 0xFF);
  x.msi_trigger(S);
  x.msi_trigger(S);
  enable(S);
  const std::vector<uint32_t> want =
      f() == Flavour::qemu ? std::vector<uint32_t>{S} : std::vector<uint32_t>{S, S};
  EXPECT_EQ(drain(x, 0), want);
}

// C16 / 2.11 #8
TEST_P(Both, C16_Diff8_LsiPulseWhileMasked) {
  open();
  x.set_source_type(S, SourceType::lsi);
  x.set_xive(S, 0, 0xFF);
  x.set_lsi_level(S, true);
  x.set_lsi_level(S, false);
  enable(S);
  const std::vector<uint32_t> want =
      f() == Flavour::qemu ? std::vector<uint32_t>{} : std::vector<uint32_t>{S};
  EXPECT_EQ(drain(x, 0), want);
}

TEST_P(Both, C17_RetriggersWhilePendingGiveTwoDeliveries) {
  open();
  enable(S);
  x.msi_trigger(S);
  x.msi_trigger(S);
  x.msi_trigger(S);
  EXPECT_EQ(drain(x, 0), (std::vector<uint32_t>{S, S}));
}

TEST_P(Both, C18_RetriggerAfterAcceptDeliveredAfterEoi) {
  open();
  enable(S);
  x.msi_trigger(S);
  const auto xirr = static_cast<uint32_t>(x.accept(0).r4);
  x.msi_trigger(S);
  EXPECT_EQ(xisr(x, 0), 0u);
  EXPECT_FALSE(x.line(0));
  x.eoi(0, xirr);
  EXPECT_EQ(xisr(x, 0), S);
  EXPECT_TRUE(x.line(0));
}

TEST_P(Both, C19_RetargetWhilePendingStaysThenReoffersGoToNewServer) {
  open(0);
  open(1);
  enable(S, 0);
  x.msi_trigger(S);
  ASSERT_EQ(x.set_xive(S, 1, 5), rtas::SUCCESS);
  EXPECT_EQ(xisr(x, 1), 0u);
  const auto xirr = static_cast<uint32_t>(x.accept(0).r4);
  EXPECT_EQ(xirr, 0xFF000000u | S);
  x.msi_trigger(S);
  x.eoi(0, xirr);
  EXPECT_EQ(xisr(x, 0), 0u);
  EXPECT_EQ(xisr(x, 1), S);
}

// C20 / 2.11 #15
TEST_P(Both, C20_Diff15_EoiRaisingCpprAbovePendingItem) {
  constexpr uint32_t S2 = S + 1;
  open();
  enable(S, 0, 5);
  enable(S2, 0, 3);
  x.msi_trigger(S);
  const auto xirr = static_cast<uint32_t>(x.accept(0).r4);
  ASSERT_EQ(xirr, 0xFF000000u | S);
  x.msi_trigger(S2);
  ASSERT_TRUE(x.line(0));
  x.eoi(0, S); // CPPR byte 0: more favoured than the pending priority 3
  EXPECT_EQ(cppr(x, 0), 0);
  EXPECT_EQ(xisr(x, 0), S2); // no reject
  EXPECT_EQ(x.line(0), f() == Flavour::qemu);
  EXPECT_EQ(x.accept(0).r4, S2); // still returned by H_XIRR
}

TEST_P(Both, C21_EoiOfIpiOnlyUpdatesCppr) {
  open();
  x.ipi(0, 4);
  ASSERT_EQ(x.accept(0).r4, 0xFF000002u);
  x.ipi(0, 0xFF);
  const uint64_t eois = x.sent(MessageKind::eoi);
  const uint64_t resends = x.sent(MessageKind::resend);
  EXPECT_EQ(x.eoi(0, 0xFF000002u), hstatus::H_SUCCESS);
  EXPECT_EQ(cppr(x, 0), 0xFF);
  EXPECT_EQ(x.sent(MessageKind::eoi), eois); // no ICS action
  if (f() == Flavour::qemu) {
    EXPECT_EQ(x.sent(MessageKind::resend), resends + 1);
  }
}

// C22 / 2.11 #9
TEST_P(Both, C22_Diff9_EoiOfNumberOutsideEveryIcs) {
  x.set_cppr(0, 5);
  const int64_t st = x.eoi(0, 0xFF000123u);
  EXPECT_EQ(cppr(x, 0), 0xFF);
  EXPECT_EQ(st, f() == Flavour::qemu ? hstatus::H_SUCCESS : hstatus::H_PARAMETER);
}

TEST_P(Both, C23_IpiAndIpollToUnknownServer) {
  EXPECT_EQ(x.ipi(7, 4), hstatus::H_PARAMETER);
  EXPECT_EQ(x.ipoll(7).status, hstatus::H_PARAMETER);
  EXPECT_EQ(x.icp_state(0)->mfrr, 0xFF);
  EXPECT_EQ(x.icp_state(1)->mfrr, 0xFF);
}

TEST_P(Both, C24_SetXiveToUnknownServer) {
  EXPECT_EQ(x.set_xive(S, 9, 5), rtas::PARAM_ERROR);
  EXPECT_EQ(x.get_xive(S).priority, 0xFF);
}

// C25 / 2.11 #10
TEST_P(Both, C25_Diff10_SetXivePriorityAbove0xFF) {
  const int32_t st = x.set_xive(S, 0, 0x100);
  if (f() == Flavour::qemu) {
    EXPECT_EQ(st, rtas::PARAM_ERROR);
    EXPECT_EQ(x.get_xive(S).priority, 0xFF);
  } else {
    EXPECT_EQ(st, rtas::SUCCESS);
    EXPECT_EQ(x.get_xive(S).priority, 0x00);
  }
}

TEST_P(Both, C26_RtasOnNumbersOutsideTheIcs) {
  for (uint32_t n : {0xFFFu, 0x2000u, 2u}) {
    EXPECT_EQ(x.set_xive(n, 0, 5), rtas::PARAM_ERROR) << n;
    EXPECT_EQ(x.get_xive(n).status, rtas::PARAM_ERROR) << n;
    EXPECT_EQ(x.int_on(n), rtas::PARAM_ERROR) << n;
    EXPECT_EQ(x.int_off(n), rtas::PARAM_ERROR) << n;
  }
  EXPECT_EQ(x.get_xive(0x1FFF).status, rtas::SUCCESS);
}

// C27 (nargs/nret) is checked by the RTAS layer of the hypervisor shim, not here.

TEST_P(Both, C28_IntOffTwiceThenIntOnStaysMasked) {
  enable(S);
  x.int_off(S);
  x.int_off(S);
  EXPECT_EQ(x.int_on(S), rtas::SUCCESS);
  EXPECT_EQ(x.get_xive(S).priority, 0xFF);
}

TEST_P(Both, C29_MaskWhilePendingDoesNotRetract) {
  open();
  enable(S);
  x.msi_trigger(S);
  x.set_xive(S, 0, 0xFF);
  EXPECT_EQ(x.accept(0).r4, 0xFF000000u | S);
}

// C30 / 2.11 #6
TEST_P(Both, C30_Diff6_RejectedWhileMaskedThenUnmasked) {
  open();
  enable(S);
  x.msi_trigger(S);
  x.int_off(S);
  x.set_cppr(0, 5);   // rejects the pending source while it is masked
  x.set_cppr(0, 0xFF);
  x.int_on(S);
  x.set_cppr(0, 0xFF); // a further resend scan must not find it either (QEMU: lost for good)
  const std::vector<uint32_t> want =
      f() == Flavour::qemu ? std::vector<uint32_t>{} : std::vector<uint32_t>{S};
  EXPECT_EQ(drain(x, 0), want);
}

TEST_P(Both, C31_EqualPrioritySourcesOrder) {
  open();
  for (uint32_t n : {S + 3, S + 1, S + 2}) enable(n);
  for (uint32_t n : {S + 3, S + 1, S + 2}) x.msi_trigger(n);
  // First arrival first, then the bounced ones in ascending source number.
  EXPECT_EQ(drain(x, 0), (std::vector<uint32_t>{S + 3, S + 1, S + 2}));
}

TEST_P(Both, C32_CpprZeroDropsIpiMfrrKept) {
  open();
  x.ipi(0, 4);
  ASSERT_EQ(xisr(x, 0), kIpi);
  x.set_cppr(0, 0);
  EXPECT_EQ(xisr(x, 0), 0u);
  EXPECT_FALSE(x.line(0));
  EXPECT_EQ(x.ipoll(0).r5, 4u);
  x.set_cppr(0, 0xFF);
  EXPECT_EQ(xisr(x, 0), kIpi);
  EXPECT_TRUE(x.line(0));
}

// C33 (QEMU): S is bounced at server 0 (CPPR 0) and retargeted to server 1 (open); an
// H_CPPR of server 1 to its current value runs the resend scan that delivers it.
TEST(Qemu, C33_CpprToSameValueRescans) {
  SyncXics x(Flavour::qemu, {0, 1});
  x.set_cppr(1, 0xFF);
  ASSERT_EQ(x.set_xive(S, 0, 5), rtas::SUCCESS);
  x.msi_trigger(S);
  ASSERT_EQ(x.set_xive(S, 1, 5), rtas::SUCCESS); // QEMU set-xive only replays masked_pending
  ASSERT_EQ(xisr(x, 1), 0u);
  const uint64_t resends = x.sent(MessageKind::resend);
  x.set_cppr(1, 0xFF);
  EXPECT_EQ(x.sent(MessageKind::resend), resends + 1);
  EXPECT_EQ(xisr(x, 1), S);
}

// 2.11 #4 in both flavours: same-value H_CPPR is a no-op in KVM, a rescan in QEMU.
TEST(Diff4, CpprToSameValueBothFlavours) {
  SyncXics x(Flavour::kvm, {0});
  x.set_cppr(0, 5);
  const uint64_t total = x.sent(MessageKind::resend) + x.sent(MessageKind::present);
  x.set_cppr(0, 5);
  EXPECT_EQ(x.sent(MessageKind::resend) + x.sent(MessageKind::present), total);
  SyncXics q(Flavour::qemu, {0});
  q.set_cppr(0, 5);
  const uint64_t r = q.sent(MessageKind::resend);
  q.set_cppr(0, 5);
  EXPECT_EQ(q.sent(MessageKind::resend), r + 1);
}

// 2.11 #5: MFRR made less favoured consumes need_resend (KVM) — observable as a RESEND.
TEST_P(Both, Diff5_MfrrLessFavouredRunsResendInKvmOnly) {
  open();
  enable(S);
  x.ipi(0, 4);          // IPI in XISR at priority 4
  x.msi_trigger(S);     // E=5 cannot displace it: bounced
  const uint64_t resends = x.sent(MessageKind::resend);
  x.ipi(0, 0xFF);
  EXPECT_EQ(x.sent(MessageKind::resend), resends + (f() == Flavour::kvm ? 1u : 0u));
}

// 2.11 #11: int-on with a recorded server that has no ICP (reset leaves server 0).
TEST(Diff11, IntOnWithUnknownRecordedServer) {
  SyncXics q(Flavour::qemu, {1, 2});
  SyncXics k(Flavour::kvm, {1, 2});
  EXPECT_EQ(q.int_on(S), rtas::SUCCESS);
  EXPECT_EQ(k.int_on(S), rtas::PARAM_ERROR);
  EXPECT_EQ(q.int_off(S), rtas::SUCCESS); // int-off has no server check in either
  EXPECT_EQ(k.int_off(S), rtas::SUCCESS);
}

// 2.11 #13: QEMU rescans every source on any ICP's resend; KVM only the ICSes flagged in
// that ICP's resend_map, re-resolving each source's server.
TEST(Diff13, AnotherServersCpprDownRescansOnlyInQemu) {
  for (Flavour fl : {Flavour::qemu, Flavour::kvm}) {
    SyncXics x(fl, {0, 1});
    x.set_cppr(1, 5);
    ASSERT_EQ(x.set_xive(S, 0, 5), rtas::SUCCESS);
    x.msi_trigger(S); // server 0 still at CPPR 0: bounced, waits for a resend
    const uint64_t presents = x.sent(MessageKind::present);
    x.set_cppr(1, 0xFF); // server 1 lowers its CPPR with XISR empty
    // QEMU's scan covers every source, so S is offered again (to server 0, bounced again);
    // KVM's server 1 has nothing in its resend_map.
    EXPECT_EQ(x.sent(MessageKind::present) - presents, fl == Flavour::qemu ? 1u : 0u);
    EXPECT_EQ(xisr(x, 1), 0u);
    x.set_cppr(0, 0xFF); // server 0's own scan delivers it in both flavours
    EXPECT_EQ(xisr(x, 0), S);
  }
}

TEST(Topology, InvalidConfigurationsAreRefused) {
  EXPECT_THROW(SyncXics(Flavour::qemu, {0, 0}), std::invalid_argument);
  EXPECT_THROW(SyncXics(Flavour::qemu, {0}, {IcsBlock{8, 16}}), std::invalid_argument);
  EXPECT_THROW(SyncXics(Flavour::qemu, {0}, {IcsBlock{0x1000, 0x100}, IcsBlock{0x10F0, 16}}),
               std::invalid_argument);
  EXPECT_THROW(SyncXics(Flavour::qemu, {0}, {IcsBlock{0x1000, 0}}), std::invalid_argument);
}

// 2.2: a resend scan walks the whole ICS in source order, however large, so bounced MSIs far
// apart come back lowest number first: the first re-offer takes XISR, the others bounce at
// equal priority (2.1) and return at each EOI's scan.
TEST_P(Both, ResendScanOfALargeIcsReoffersInSourceOrder) {
  SyncXics big(GetParam(), {0}, {IcsBlock{0x1000, 0x10000}});
  const std::vector<uint32_t> bounced{0x1000 + 70, 0x1000 + 5 * 4096 + 3, 0x1000 + 0xFFFF};
  for (auto it = bounced.rbegin(); it != bounced.rend(); ++it) { // triggered highest first
    ASSERT_EQ(big.set_xive(*it, 0, 5), rtas::SUCCESS);
    ASSERT_TRUE(big.msi_trigger(*it)); // CPPR 0 (1.3 reset): bounced
  }
  EXPECT_EQ(xisr(big, 0), 0u);
  ASSERT_EQ(big.set_cppr(0, 0xFF), hstatus::H_SUCCESS);
  EXPECT_EQ(drain(big, 0), bounced);
}

TEST(Topology, TwoIcsBlocksKvmResendOnlyFlaggedIcs) {
  SyncXics x(Flavour::kvm, {0}, {IcsBlock{0x1000, 16}, IcsBlock{0x2000, 16}});
  ASSERT_EQ(x.set_xive(0x2005, 0, 5), rtas::SUCCESS);
  x.msi_trigger(0x2005); // bounced: CPPR 0
  EXPECT_EQ(x.icp_state(0)->resend_map, std::set<uint32_t>{1});
  const uint64_t r = x.sent(MessageKind::resend);
  x.set_cppr(0, 0xFF);
  EXPECT_EQ(x.sent(MessageKind::resend), r + 1); // one RESEND, to ICS 1 only
  EXPECT_EQ(xisr(x, 0), 0x2005u);
}

} // namespace
