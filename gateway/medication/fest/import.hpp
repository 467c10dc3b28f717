// Public entry points that import a FEST M30 file (xml, gz or zip) into a FestCatalog.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <variant>

#include "medication/fest/import_error.hpp"
#include "medication/fest/model.hpp"

namespace gateway::medication {

struct ImportOptions {
  // Called now and then with the compressed/raw bytes consumed so far and the total input size
  // (0 when unknown, e.g. for streams).
  std::function<void(std::uint64_t bytes_read, std::uint64_t total_bytes)> progress;
};

using ImportResult = std::variant<FestCatalog, ImportError>;

// Reads a plain .xml, gzip or zip (exactly one XML entry) file, detected by its magic bytes.
ImportResult import_fest_file(const std::string& path, const ImportOptions& options = {});

// Reads uncompressed FEST XML from a stream or from memory.
ImportResult import_fest_stream(std::istream& input, const ImportOptions& options = {});
ImportResult import_fest_memory(std::string_view xml, const ImportOptions& options = {});

}  // namespace gateway::medication
