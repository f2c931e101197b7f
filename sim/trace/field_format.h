#pragma once
// Formatting of event-line values (traces/FORMAT.md, "Values").
#include "sim/trace/trace_types.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace ppc64sim::trace {

std::string hex(uint64_t v);     // 0x1f
std::string dec(uint64_t v);     // 31
std::string sdec(int64_t v);     // -4
// A value as written on a line: unchanged if it is a plain token, else double-quoted with
// \" \\ \n \t and \xHH escapes, so a line always splits on spaces.
std::string quote_value(std::string_view v);
// True for keys made of [a-z0-9_.-] only, starting with a letter.
bool valid_key(std::string_view key);

inline Field fhex(std::string key, uint64_t v) { return {std::move(key), hex(v)}; }
inline Field fdec(std::string key, uint64_t v) { return {std::move(key), dec(v)}; }
inline Field fsdec(std::string key, int64_t v) { return {std::move(key), sdec(v)}; }
inline Field fstr(std::string key, std::string v) { return {std::move(key), std::move(v)}; }

} // namespace ppc64sim::trace
