#pragma once
// Helpers of the trace tests: temp files, a minimal VCD reader and a strict JSON syntax checker
// (written here so the tests do not trust the writers they check).
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

namespace trace_test {

inline std::string temp_path(const std::string& name) {
  return "/tmp/ppc64sim_trace_test_" + std::to_string(::getpid()) + "_" + name;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) out.push_back(line);
  return out;
}

// VCD as IEEE 1364-2005 section 18.2 describes it, enough for our writer's subset.
struct Vcd {
  std::string timescale;
  std::map<std::string, std::string> code_of;       // dotted name -> id code
  std::map<std::string, unsigned> width_of;         // dotted name -> width
  std::map<std::string, std::vector<std::pair<uint64_t, uint64_t>>> changes;  // code -> (time, value)
  std::vector<uint64_t> times;

  bool has(const std::string& name) const { return code_of.count(name) != 0; }
  // Value at `time` (after all changes at that time); -1 if never set.
  int64_t at(const std::string& name, uint64_t time) const {
    auto c = code_of.find(name);
    if (c == code_of.end()) return -2;
    int64_t v = -1;
    auto ch = changes.find(c->second);
    if (ch == changes.end()) return v;
    for (const auto& [t, val] : ch->second) {
      if (t > time) break;
      v = static_cast<int64_t>(val);
    }
    return v;
  }
  size_t change_count(const std::string& name) const {
    auto ch = changes.find(code_of.at(name));
    return ch == changes.end() ? 0 : ch->second.size();
  }
};

inline Vcd parse_vcd(const std::string& text) {
  Vcd vcd;
  std::stringstream ss(text);
  std::string tok;
  std::vector<std::string> scope;
  uint64_t now = 0;
  bool defs = true;
  while (ss >> tok) {
    if (defs) {
      if (tok == "$timescale") {
        std::string a, b;
        ss >> a;
        vcd.timescale = a;
        ss >> b;
        if (b != "$end") {
          vcd.timescale += " " + b;
          ss >> b;
        }
      } else if (tok == "$scope") {
        std::string kind, name, end;
        ss >> kind >> name >> end;
        scope.push_back(name);
      } else if (tok == "$upscope") {
        scope.pop_back();
        ss >> tok;
      } else if (tok == "$var") {
        std::string type, width, code, name, end;
        ss >> type >> width >> code >> name >> end;
        std::string full;
        for (const auto& s : scope) full += s + ".";
        full += name;
        vcd.code_of[full] = code;
        vcd.width_of[full] = static_cast<unsigned>(std::stoul(width));
      } else if (tok == "$enddefinitions") {
        ss >> tok;
        defs = false;
      } else if (tok[0] == '$') {
        while (ss >> tok && tok != "$end") {
        }
      }
      continue;
    }
    if (tok[0] == '#') {
      now = std::stoull(tok.substr(1));
      vcd.times.push_back(now);
    } else if (tok == "$dumpvars" || tok == "$end") {
    } else if (tok[0] == 'b') {
      std::string code;
      ss >> code;
      vcd.changes[code].push_back({now, std::stoull(tok.substr(1), nullptr, 2)});
    } else if (tok[0] == '0' || tok[0] == '1') {
      vcd.changes[tok.substr(1)].push_back({now, static_cast<uint64_t>(tok[0] - '0')});
    }
  }
  return vcd;
}

// Strict JSON (RFC 8259) syntax check; returns "" or the first error with its offset.
class JsonChecker {
public:
  explicit JsonChecker(const std::string& s) : s_(s) {}
  std::string check() {
    ws();
    if (!value()) return err_;
    ws();
    if (i_ != s_.size()) return fail("trailing characters");
    return "";
  }

private:
  bool fail_b(const std::string& m) {
    if (err_.empty()) err_ = m + " at offset " + std::to_string(i_);
    return false;
  }
  std::string fail(const std::string& m) {
    fail_b(m);
    return err_;
  }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }
  bool lit(const char* w) {
    size_t n = std::string(w).size();
    if (s_.compare(i_, n, w) != 0) return fail_b("bad literal");
    i_ += n;
    return true;
  }
  bool value() {
    if (i_ >= s_.size()) return fail_b("unexpected end");
    char c = s_[i_];
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') return string();
    if (c == 't') return lit("true");
    if (c == 'f') return lit("false");
    if (c == 'n') return lit("null");
    return number();
  }
  bool object() {
    ++i_;
    ws();
    if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
    for (;;) {
      ws();
      if (i_ >= s_.size() || s_[i_] != '"' || !string()) return fail_b("expected key");
      ws();
      if (i_ >= s_.size() || s_[i_] != ':') return fail_b("expected ':'");
      ++i_;
      ws();
      if (!value()) return false;
      ws();
      if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
      if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
      return fail_b("expected ',' or '}'");
    }
  }
  bool array() {
    ++i_;
    ws();
    if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
    for (;;) {
      ws();
      if (!value()) return false;
      ws();
      if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
      if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
      return fail_b("expected ',' or ']'");
    }
  }
  bool string() {
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c < 0x20) return fail_b("control character in string");
      if (c == '\\') {
        ++i_;
        if (i_ >= s_.size()) return fail_b("bad escape");
        char e = s_[i_];
        if (e == 'u') {
          for (int k = 1; k <= 4; ++k)
            if (i_ + k >= s_.size() || !isxdigit(static_cast<unsigned char>(s_[i_ + k]))) return fail_b("bad \\u");
          i_ += 4;
        } else if (std::string("\"\\/bfnrt").find(e) == std::string::npos) {
          return fail_b("bad escape");
        }
      }
      ++i_;
    }
    if (i_ >= s_.size()) return fail_b("unterminated string");
    ++i_;
    return true;
  }
  bool digits() {
    size_t b = i_;
    while (i_ < s_.size() && isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    return i_ > b;
  }
  bool number() {
    if (s_[i_] == '-') ++i_;
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else if (!digits()) {
      return fail_b("expected value");
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (!digits()) return fail_b("bad fraction");
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digits()) return fail_b("bad exponent");
    }
    return true;
  }
  const std::string& s_;
  size_t i_ = 0;
  std::string err_;
};

} // namespace trace_test
