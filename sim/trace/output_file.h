#pragma once
// Output file of a trace writer: text is collected in memory and handed to stdio in large
// chunks, then fflush'ed at flush()/close(), so a run stopped early still leaves a complete file
// as long as close() runs (traces/README.md, "Stopping early").
#include <cstdio>
#include <string>
#include <string_view>

namespace ppc64sim::trace {

class OutputFile {
public:
  // Opens `path` for writing; throws std::runtime_error naming the path and errno text.
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view text);
  void flush();  // moves the buffer to the file and fflush()es it
  void close();  // flush + fclose; idempotent
  bool is_open() const { return file_ != nullptr; }
  const std::string& path() const { return path_; }

private:
  static constexpr size_t kChunk = 64 * 1024;
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
};

// Flushes every OutputFile still open in the process. The simulator calls this (from normal
// code, not from inside a signal handler: fflush is not async-signal-safe) after its SIGINT
// handler has set the stop flag; it then closes the trace normally.
void flush_all();

} // namespace ppc64sim::trace
