#pragma once
// The irqgen.types and irqgen.auto platform keys as text -> the interrupt generator's
// configuration (syntax: models/devices/irq_generator.md).
#include "models/devices/irq_generator.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ppc64sim::platform {

// Syntax errors and out-of-range values throw this, naming the offending item.
class IrqGenConfigError : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

// "lsi,msi,msi" / "4*lsi,4*msi" / a lone "msi" for every source. Must describe `count`.
std::vector<devices::IrqKind> parse_irqgen_types(const std::string& text, uint32_t count);
// "SRC:periodic:PERIOD[:PHASE], SRC:random:MEAN, SRC:burst:PERIOD:COUNT:GAP[:PHASE]"; SRC is
// an absolute source number in [first, first+count); times are integers with an optional
// unit ns (default), us, ms or s. Empty text = no rules.
std::vector<devices::AutoRule> parse_irqgen_auto(const std::string& text, uint32_t first_source,
                                        uint32_t count);

} // namespace ppc64sim::platform
