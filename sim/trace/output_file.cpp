#include "sim/trace/output_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace ppc64sim::trace {
namespace {

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}
std::vector<OutputFile*>& registry() {
  static std::vector<OutputFile*> files;
  return files;
}

} // namespace

OutputFile::OutputFile(const std::string& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) {
    throw std::runtime_error("cannot open trace file '" + path + "': " + std::strerror(errno));
  }
  buffer_.reserve(kChunk);
  std::lock_guard<std::mutex> lock(registry_mutex());
  registry().push_back(this);
}

OutputFile::~OutputFile() {
  close();
}

void OutputFile::write(std::string_view text) {
  buffer_.append(text);
  if (buffer_.size() >= kChunk && file_) {
    std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
    buffer_.clear();
  }
}

void OutputFile::flush() {
  if (!file_) return;
  if (!buffer_.empty()) {
    std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
    buffer_.clear();
  }
  std::fflush(file_);
}

void OutputFile::close() {
  if (!file_) return;
  flush();
  std::fclose(file_);
  file_ = nullptr;
  std::lock_guard<std::mutex> lock(registry_mutex());
  auto& files = registry();
  files.erase(std::remove(files.begin(), files.end(), this), files.end());
}

void flush_all() {
  std::lock_guard<std::mutex> lock(registry_mutex());
  for (OutputFile* f : registry()) f->flush();
}

} // namespace ppc64sim::trace
