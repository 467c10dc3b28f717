// Sequential byte sources for the FEST importer: plain file, gzip, zip entry, stream and memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace gateway::medication {

// Reads the (decompressed) XML bytes in order.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to `capacity` bytes; returns the count (0 at the end) or an error message.
  virtual std::variant<std::size_t, std::string> read(char* buffer, std::size_t capacity) = 0;
  // Progress: bytes consumed so far and the total (0 when unknown), in one unit: file bytes for
  // plain and gzip files, uncompressed entry bytes for zip.
  virtual std::uint64_t bytes_consumed() const = 0;
  virtual std::uint64_t bytes_total() const = 0;
};

// Opens `path` and picks the decoder from its magic bytes: gzip (1f 8b), zip (PK\3\4, the archive
// must hold exactly one file), anything else is read as XML.
std::variant<std::unique_ptr<ByteSource>, std::string> open_byte_source(const std::string& path);

std::unique_ptr<ByteSource> make_stream_source(std::istream& input);
std::unique_ptr<ByteSource> make_memory_source(std::string_view bytes);

}  // namespace gateway::medication
