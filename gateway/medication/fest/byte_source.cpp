// Byte sources for the FEST importer: plain files, gzip (zlib gzread) and one-entry zip (libzip).
#include "medication/fest/byte_source.hpp"

#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace gateway::medication {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
struct GzCloser {
  void operator()(gzFile_s* file) const { gzclose(file); }
};
struct ZipArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

using FilePtr = std::unique_ptr<std::FILE, FileCloser>;
using GzPtr = std::unique_ptr<gzFile_s, GzCloser>;
using ZipArchivePtr = std::unique_ptr<zip_t, ZipArchiveCloser>;
using ZipFilePtr = std::unique_ptr<zip_file_t, ZipFileCloser>;

class PlainFileSource final : public ByteSource {
 public:
  PlainFileSource(FilePtr file, std::uint64_t size) : file_(std::move(file)), size_(size) {}
  std::variant<std::size_t, std::string> read(char* buffer, std::size_t capacity) override {
    const std::size_t count = std::fread(buffer, 1, capacity, file_.get());
    if (count == 0 && std::ferror(file_.get()))
      return std::string("read error: ") + std::strerror(errno);
    consumed_ += count;
    return count;
  }
  std::uint64_t bytes_consumed() const override { return consumed_; }
  std::uint64_t bytes_total() const override { return size_; }

 private:
  FilePtr file_;
  std::uint64_t size_;
  std::uint64_t consumed_ = 0;
};

class GzipFileSource final : public ByteSource {
 public:
  GzipFileSource(GzPtr file, std::uint64_t size) : file_(std::move(file)), size_(size) {}
  std::variant<std::size_t, std::string> read(char* buffer, std::size_t capacity) override {
    const int count = gzread(file_.get(), buffer, static_cast<unsigned>(capacity));
    if (count < 0) {
      int code = 0;
      return std::string("gzip error: ") + gzerror(file_.get(), &code);
    }
    // A truncated stream ends with count 0 and Z_BUF_ERROR ("unexpected end of file").
    if (count == 0) {
      int code = Z_OK;
      const char* message = gzerror(file_.get(), &code);
      if (code != Z_OK) return std::string("gzip error: ") + message;
    }
    return static_cast<std::size_t>(count);
  }
  std::uint64_t bytes_consumed() const override {
    const auto offset = gzoffset(file_.get());
    return offset < 0 ? 0 : static_cast<std::uint64_t>(offset);
  }
  std::uint64_t bytes_total() const override { return size_; }

 private:
  GzPtr file_;
  std::uint64_t size_;
};

class ZipEntrySource final : public ByteSource {
 public:
  ZipEntrySource(ZipArchivePtr archive, ZipFilePtr entry, std::uint64_t size)
      : archive_(std::move(archive)), entry_(std::move(entry)), size_(size) {}
  std::variant<std::size_t, std::string> read(char* buffer, std::size_t capacity) override {
    const zip_int64_t count = zip_fread(entry_.get(), buffer, capacity);
    if (count < 0) return std::string("zip error: ") + zip_file_strerror(entry_.get());
    consumed_ += static_cast<std::uint64_t>(count);
    return static_cast<std::size_t>(count);
  }
  std::uint64_t bytes_consumed() const override { return consumed_; }
  std::uint64_t bytes_total() const override { return size_; }

 private:
  ZipArchivePtr archive_;  // must outlive entry_ (declared first, destroyed last)
  ZipFilePtr entry_;
  std::uint64_t size_;  // uncompressed size of the entry
  std::uint64_t consumed_ = 0;
};

class StreamSource final : public ByteSource {
 public:
  explicit StreamSource(std::istream& input) : input_(input) {}
  std::variant<std::size_t, std::string> read(char* buffer, std::size_t capacity) override {
    input_.read(buffer, static_cast<std::streamsize>(capacity));
    const auto count = static_cast<std::size_t>(input_.gcount());
    if (count == 0 && input_.bad()) return std::string("stream read error");
    consumed_ += count;
    return count;
  }
  std::uint64_t bytes_consumed() const override { return consumed_; }
  std::uint64_t bytes_total() const override { return 0; }

 private:
  std::istream& input_;
  std::uint64_t consumed_ = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  std::variant<std::size_t, std::string> read(char* buffer, std::size_t capacity) override {
    const std::size_t count = std::min(capacity, bytes_.size() - position_);
    std::memcpy(buffer, bytes_.data() + position_, count);
    position_ += count;
    return count;
  }
  std::uint64_t bytes_consumed() const override { return position_; }
  std::uint64_t bytes_total() const override { return bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t position_ = 0;
};

enum class FileKind { xml, gzip, zip };

std::variant<FileKind, std::string> sniff_kind(const std::string& path) {
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) return "cannot open " + path + ": " + std::strerror(errno);
  std::array<unsigned char, 4> magic{};
  const std::size_t count = std::fread(magic.data(), 1, magic.size(), file.get());
  if (count >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return FileKind::gzip;
  if (count == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
    return FileKind::zip;
  }
  return FileKind::xml;
}

std::variant<std::unique_ptr<ByteSource>, std::string> open_zip(const std::string& path) {
  int error_code = 0;
  ZipArchivePtr archive(zip_open(path.c_str(), ZIP_RDONLY, &error_code));
  if (!archive) {
    zip_error_t error;
    zip_error_init_with_code(&error, error_code);
    std::string message = "cannot open zip " + path + ": " + zip_error_strerror(&error);
    zip_error_fini(&error);
    return message;
  }
  if (zip_get_num_entries(archive.get(), 0) != 1) {
    return "zip " + path + " must hold exactly one file";
  }
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive.get(), 0, 0, &stat) != 0) return "cannot stat the zip entry";
  ZipFilePtr entry(zip_fopen_index(archive.get(), 0, 0));
  if (!entry) return std::string("cannot open the zip entry: ") + zip_strerror(archive.get());
  const std::uint64_t size = (stat.valid & ZIP_STAT_SIZE) ? stat.size : 0;
  return std::unique_ptr<ByteSource>(
      std::make_unique<ZipEntrySource>(std::move(archive), std::move(entry), size));
}

}  // namespace

std::variant<std::unique_ptr<ByteSource>, std::string> open_byte_source(const std::string& path) {
  auto kind = sniff_kind(path);
  if (auto* message = std::get_if<std::string>(&kind)) return std::move(*message);
  std::error_code size_error;
  const auto size = std::filesystem::file_size(path, size_error);
  const std::uint64_t total = size_error ? 0 : static_cast<std::uint64_t>(size);
  switch (std::get<FileKind>(kind)) {
    case FileKind::zip:
      return open_zip(path);
    case FileKind::gzip: {
      GzPtr file(gzopen(path.c_str(), "rb"));
      if (!file) return "cannot open gzip " + path;
      gzbuffer(file.get(), 128 * 1024);
      return std::unique_ptr<ByteSource>(std::make_unique<GzipFileSource>(std::move(file), total));
    }
    case FileKind::xml:
      break;
  }
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) return "cannot open " + path + ": " + std::strerror(errno);
  return std::unique_ptr<ByteSource>(std::make_unique<PlainFileSource>(std::move(file), total));
}

std::unique_ptr<ByteSource> make_stream_source(std::istream& input) {
  return std::make_unique<StreamSource>(input);
}

std::unique_ptr<ByteSource> make_memory_source(std::string_view bytes) {
  return std::make_unique<MemorySource>(bytes);
}

}  // namespace gateway::medication
