// libFuzzer target: FEST import from memory, gzipped via a file ("GZ:" prefix), raw file ("RAW:").
#include <unistd.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "medication/fest/import.hpp"

namespace {

using namespace gateway::medication;

// One scratch file per process under $TMPDIR (scripts/fuzz.sh points it at a temp dir).
const std::string& scratch_path() {
  static const std::string* path = [] {
    const char* dir = std::getenv("TMPDIR");
    auto* p = new std::string(std::string(dir && *dir ? dir : "/tmp") + "/fest_import_fuzz." +
                              std::to_string(getpid()));
    std::atexit([] { std::remove(scratch_path().c_str()); });
    return p;
  }();
  return *path;
}

std::string gzip(std::string_view bytes) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    __builtin_trap();
  }
  std::string out(deflateBound(&z, bytes.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) __builtin_trap();
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

ImportResult import_via_file(std::string_view bytes) {
  std::FILE* file = std::fopen(scratch_path().c_str(), "wb");
  if (file == nullptr) __builtin_trap();
  std::fwrite(bytes.data(), 1, bytes.size(), file);
  std::fclose(file);
  return import_fest_file(scratch_path());
}

// What must not depend on how the XML bytes reached the parser.
std::string summary(const ImportResult& result) {
  if (const auto* error = std::get_if<ImportError>(&result)) {
    return "error " + error->message + " at " + std::to_string(error->line) + ":" +
           std::to_string(error->column) + " in " + error->element;
  }
  const auto& c = std::get<FestCatalog>(result);
  std::string out = "ok " + c.hentet_dato;
  for (std::size_t n :
       {c.legemiddel_merkevare.size(), c.legemiddelpakning.size(), c.virkestoff.size(),
        c.virkestoff_med_styrke.size(), c.legemiddel_virkestoff.size(), c.legemiddeldose.size(),
        c.kodeverk.size(), c.byttegruppe.size(), c.interaksjon.size(),
        c.interaksjon_ikke_vurdert.size(), c.refusjonshjemmel.size(), c.vilkar.size(),
        c.utgatte_oppforinger.size()}) {
    out += " " + std::to_string(n);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.starts_with("GZ:")) {
    input.remove_prefix(3);
    // The .gz path must see exactly the XML the in-memory path sees.
    if (summary(import_via_file(gzip(input))) != summary(import_fest_memory(input))) {
      __builtin_trap();
    }
  } else if (input.starts_with("RAW:")) {
    input.remove_prefix(4);
    import_via_file(input);  // magic-byte sniffing: xml, gzip or zip, possibly corrupt
  } else {
    import_fest_memory(input, ImportOptions{});
  }
  return 0;
}
