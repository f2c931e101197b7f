#pragma once
// Writer of the versioned line trace, format v1 (traces/FORMAT.md).
#include "sim/trace/output_file.h"
#include "sim/trace/trace_writer.h"

#include <string>
#include <string_view>

namespace ppc64sim::trace {

class EventTrace : public TraceWriter {
public:
  static constexpr int kVersion = 1;

  // Opens `path` and writes the header; throws std::runtime_error (file) or
  // std::invalid_argument (a config key that FORMAT.md does not allow).
  EventTrace(const std::string& path, const TraceHeader& header);
  ~EventTrace() override;

  // Generic event line; `kind` and keys must be valid keys (FORMAT.md), else invalid_argument.
  void record(uint64_t cycle, Who who, std::string_view kind, const Fields& fields);

  void write(const TraceEvent& ev) override;
  void flush() override;
  void close(const CloseInfo& info) override;

  // Formats one event as its line (without newline); exposed for tests and tools.
  static std::string format(const TraceEvent& ev);

private:
  OutputFile out_;
  uint64_t events_ = 0;
  uint64_t last_cycle_ = 0;
  bool closed_ = false;
};

} // namespace ppc64sim::trace
