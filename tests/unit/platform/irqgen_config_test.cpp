// The irqgen.types / irqgen.auto syntax of irq_generator.md, and its error messages, which
// must name the offending item.
#include "platforms/irqgen_config.h"

#include <gtest/gtest.h>

using namespace ppc64sim::devices;
using namespace ppc64sim::platform;

namespace {
template <class F> std::string error_of(F f) {
  try {
    f();
  } catch (const IrqGenConfigError& e) {
    return e.what();
  }
  return "<no error>";
}
} // namespace

TEST(IrqGenParse, Types) {
  EXPECT_EQ(parse_irqgen_types("lsi,msi,msi", 3),
            (std::vector<IrqKind>{IrqKind::lsi, IrqKind::msi, IrqKind::msi}));
  EXPECT_EQ(parse_irqgen_types("2*lsi, 1*msi", 3),
            (std::vector<IrqKind>{IrqKind::lsi, IrqKind::lsi, IrqKind::msi}));
  EXPECT_EQ(parse_irqgen_types("msi", 4), std::vector<IrqKind>(4, IrqKind::msi));
  EXPECT_NE(error_of([] { parse_irqgen_types("lsi,edge", 2); }).find("'edge'"), std::string::npos);
  EXPECT_NE(error_of([] { parse_irqgen_types("lsi,msi", 3); }).find("describes 2 sources"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_irqgen_types("4*lsi", 3); }).find("'4*lsi'"), std::string::npos);
  EXPECT_NE(error_of([] { parse_irqgen_types("0*lsi,3*msi", 3); }).find("repeat count"),
            std::string::npos);
}

TEST(IrqGenParse, AutoRules) {
  EXPECT_TRUE(parse_irqgen_auto("", 0x1200, 4).empty());
  auto r = parse_irqgen_auto("0x1200:periodic:1us, 0x1201:periodic:250:10, 4611:random:2ms,"
                             "0x1203:burst:1ms:4:100us:5us",
                             0x1200, 4);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].source, 0x1200u);
  EXPECT_EQ(r[0].pattern, AutoPattern::periodic);
  EXPECT_EQ(r[0].period_ns, 1000u);
  EXPECT_EQ(r[0].phase_ns, 1000u); // default phase: one period
  EXPECT_EQ(r[1].period_ns, 250u);
  EXPECT_EQ(r[1].phase_ns, 10u);
  EXPECT_EQ(r[2].source, 4611u);   // 0x1203, decimal
  EXPECT_EQ(r[2].pattern, AutoPattern::random);
  EXPECT_EQ(r[2].period_ns, 2000000u);
  EXPECT_EQ(r[3].pattern, AutoPattern::burst);
  EXPECT_EQ(r[3].period_ns, 1000000u);
  EXPECT_EQ(r[3].burst_count, 4u);
  EXPECT_EQ(r[3].burst_gap_ns, 100000u);
  EXPECT_EQ(r[3].phase_ns, 5000u);
}

TEST(IrqGenParse, AutoRuleErrorsNameTheRule) {
  auto err = [](const char* text) { return error_of([text] { parse_irqgen_auto(text, 0x1200, 4); }); };
  EXPECT_NE(err("0x1300:periodic:10").find("0x1300 is not one of the generator's sources 0x1200..0x1203"),
            std::string::npos);
  EXPECT_NE(err("0x1200:sometimes:10").find("unknown pattern 'sometimes'"), std::string::npos);
  EXPECT_NE(err("0x1200:periodic:0").find("period must be > 0"), std::string::npos);
  EXPECT_NE(err("0x1200:periodic:10furlongs").find("'10furlongs' is not a time"), std::string::npos);
  EXPECT_NE(err("0x1200:burst:100:5:30").find("shorter than PERIOD"), std::string::npos);
  EXPECT_NE(err("0x1200:random").find("rule '0x1200:random'"), std::string::npos);
  EXPECT_NE(err("0x1200:periodic:10,").find("rule ''"), std::string::npos);
}

