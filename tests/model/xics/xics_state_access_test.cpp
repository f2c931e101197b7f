// State-access API: encodings of xics-spec.md section 8 (sources) and 1.3 (ICP word), range
// access, round trips and refusals.
#include "models/intc/sync_xics.h"
#include "tests/model/xics/xics_test_util.h"

#include <gtest/gtest.h>

using namespace ppc64sim::intc;
using namespace xics_test;

namespace {

constexpr uint64_t prio(uint64_t p) { return p << 32; }
constexpr uint64_t LEVEL = 1ull << 40, MASKED = 1ull << 41, PENDING = 1ull << 42,
                   PRES = 1ull << 43, QUEUED = 1ull << 44;

TEST(SourceWord, ResetSourceIsMaskedWithSavedPriority0xFF) {
  SyncXics x(Flavour::qemu, {0});
  EXPECT_EQ(*x.get_source(S).value, prio(0xFF) | MASKED);
}

TEST(SourceWord, ServerPriorityLevelPending) {
  SyncXics x(Flavour::qemu, {0, 1});
  x.set_source_type(S, SourceType::lsi);
  x.set_xive(S, 1, 5);
  x.set_lsi_level(S, true); // server 1 CPPR 0: bounced, line stays asserted
  EXPECT_EQ(*x.get_source(S).value, 1 | prio(5) | LEVEL | PENDING);
}

TEST(SourceWord, MaskedReportsSavedPriority) {
  for (Flavour f : {Flavour::qemu, Flavour::kvm}) {
    SyncXics x(f, {0});
    x.set_xive(S, 0, 5);
    x.int_off(S);
    EXPECT_EQ(*x.get_source(S).value, prio(5) | MASKED);
  }
}

TEST(SourceWord, KvmPQAndPendingAfterTwoMaskedTriggers) {
  SyncXics x(Flavour::kvm, {0});
  x.msi_trigger(S);
  x.msi_trigger(S);
  EXPECT_EQ(*x.get_source(S).value, prio(0xFF) | MASKED | PENDING | PRES | QUEUED);
}

TEST(SourceWord, QemuRejectedMsiIsPending) {
  SyncXics x(Flavour::qemu, {0});
  x.set_xive(S, 0, 5);
  x.msi_trigger(S); // CPPR 0: bounced -> REJECTED
  EXPECT_EQ(*x.get_source(S).value, prio(5) | PENDING);
}

TEST(SourceRange, GetRangeAndRefuseOutside) {
  SyncXics x(Flavour::qemu, {0});
  auto r = x.get_sources(0x1FFE, 2);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value->size(), 2u);
  auto bad = x.get_sources(0x1FFF, 2);
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.error.find("unknown source 0x2000"), std::string::npos) << bad.error;
  EXPECT_FALSE(x.get_source(0x0FFF).ok());
}

TEST(SourceWrite, Refusals) {
  SyncXics x(Flavour::qemu, {0});
  Status st = x.set_source(S, prio(5) | (1ull << 45));
  EXPECT_NE(st.error.find("reserved"), std::string::npos) << st.error;
  st = x.set_source(0x123, prio(5));
  EXPECT_NE(st.error.find("unknown source"), std::string::npos) << st.error;
  st = x.set_source(S, 7 | prio(5));
  EXPECT_NE(st.error.find("unknown server 7"), std::string::npos) << st.error;
  EXPECT_TRUE(x.set_source(S, 7 | prio(5) | MASKED).ok()); // masked may name any server
  st = x.set_source(S, prio(5) | QUEUED);
  EXPECT_NE(st.error.find("QEMU"), std::string::npos) << st.error;
}

TEST(SourceWrite, RangeIsAllOrNothing) {
  SyncXics x(Flavour::qemu, {0});
  const uint64_t before = *x.get_source(S).value;
  Status st = x.set_sources(S, {prio(5), 9 | prio(5)});
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.error.find("0x1001"), std::string::npos) << st.error;
  EXPECT_EQ(*x.get_source(S).value, before);
}

TEST(SourceWrite, WrittenWordReadsBackAndBehaves) {
  for (Flavour f : {Flavour::qemu, Flavour::kvm}) {
    SyncXics x(f, {0});
    x.set_cppr(0, 0xFF);
    // An enabled edge source with a pending trigger: delivered by the next resend scan.
    ASSERT_TRUE(x.set_sources(S, {prio(5) | PENDING, prio(6) | LEVEL}).ok());
    EXPECT_EQ(*x.get_source(S).value, prio(5) | PENDING);
    EXPECT_EQ(*x.get_source(S + 1).value, prio(6) | LEVEL);
    x.set_cppr(0, 4);
    x.set_cppr(0, 0xFF);
    EXPECT_EQ(drain(x, 0), std::vector<uint32_t>{S});
  }
}

TEST(IcpWord, ResetWord) {
  SyncXics x(Flavour::qemu, {0});
  EXPECT_EQ(*x.get_icp(0).value, 0x00000000FFFF0000ull); // CPPR 0, MFRR 0xFF, PPRI 0xFF
  EXPECT_FALSE(x.get_icp(3).ok());
}

TEST(IcpWord, PresentedStateRoundTripsIntoFreshModel) {
  for (Flavour f : {Flavour::qemu, Flavour::kvm}) {
    SyncXics a(f, {0});
    a.set_cppr(0, 0xFF);
    a.set_xive(S, 0, 5);
    a.msi_trigger(S);
    const uint64_t word = *a.get_icp(0).value;
    EXPECT_EQ(word, icpword::make(0xFF, S, 0xFF, 5));
    SyncXics b(f, {0});
    ASSERT_TRUE(b.set_sources(S, *a.get_sources(S, 16).value).ok());
    Status st = b.set_icp(0, word);
    ASSERT_TRUE(st.ok()) << st.error;
    EXPECT_TRUE(b.line(0));
    EXPECT_EQ(b.accept(0).r4, 0xFF000000u | S);
  }
}

TEST(IcpWord, KernelConsistencyRulesRefuse) {
  SyncXics x(Flavour::qemu, {0});
  auto err = [&](uint64_t w) { return x.set_icp(0, w).error; };
  EXPECT_NE(err(icpword::make(0xFF, 0, 0xFF, 0xFF) | 1).find("reserved"), std::string::npos);
  EXPECT_NE(x.set_icp(5, 0).error.find("unknown server 5"), std::string::npos);
  EXPECT_NE(err(icpword::make(0xFF, 0, 0xFF, 5)).find("XISR 0 requires PPRI 0xff"),
            std::string::npos);
  EXPECT_NE(err(icpword::make(0xFF, 2, 4, 3)).find("PPRI == MFRR"), std::string::npos);
  EXPECT_NE(err(icpword::make(5, 2, 5, 5)).find("PPRI == MFRR < CPPR"), std::string::npos);
  EXPECT_NE(err(icpword::make(5, S, 0xFF, 5)).find("PPRI < MFRR and PPRI < CPPR"),
            std::string::npos);
  EXPECT_NE(err(icpword::make(0xFF, 0x123, 0xFF, 5)).find("neither the IPI"), std::string::npos);
  EXPECT_EQ(*x.get_icp(0).value, 0x00000000FFFF0000ull); // nothing written
}

// C7 leaves XISR 2 with MFRR 0xFF: reachable (both references) but refused by the kernel
// rules; the `reachable` rules accept it so checkpoints of such states restore.
TEST(IcpWord, ReachableRulesAcceptC7State) {
  SyncXics x(Flavour::kvm, {0});
  x.set_cppr(0, 0xFF);
  x.ipi(0, 4);
  x.ipi(0, 0xFF);
  const uint64_t w = *x.get_icp(0).value;
  EXPECT_EQ(w, icpword::make(0xFF, 2, 0xFF, 4));
  SyncXics y(Flavour::kvm, {0});
  EXPECT_FALSE(y.set_icp(0, w).ok());
  EXPECT_TRUE(y.set_icp(0, w, IcpRules::reachable).ok());
  EXPECT_EQ(y.accept(0).r4, 0xFF000002u);
}

} // namespace
