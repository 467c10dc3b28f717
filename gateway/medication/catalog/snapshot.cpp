// Binary snapshot format: magic, versions, CatalogInfo, records, FNV-1a checksum.
#include "medication/catalog/snapshot.hpp"

#include <unistd.h>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "medication/idmp/mapping.hpp"
#include "medication/index/fhir_id.hpp"
#include "medication/index/search_parameters.hpp"

namespace gateway::medication {
namespace {

constexpr std::string_view kMagic = "FHIRMEDS";
constexpr std::uint32_t kFormatVersion = 1;

// Streams records to the file, checksumming as it goes: the snapshot never exists in memory.
class Writer {
 public:
  explicit Writer(std::FILE* file) : file_(file) {}
  void u8(std::uint8_t v) { raw(&v, 1); }
  void u32(std::uint32_t v) { raw(&v, sizeof v); }
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  void i64(std::int64_t v) { raw(&v, sizeof v); }
  void literal(std::string_view s) { raw(s.data(), s.size()); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    literal(s);
  }
  // Appends the checksum of everything written so far; false if any write failed.
  bool finish() {
    const std::uint64_t checksum = hash_;
    u64(checksum);
    return ok_;
  }

 private:
  void raw(const void* p, std::size_t n) {
    hash_ = stable_hash(std::string_view(static_cast<const char*>(p), n), hash_);
    ok_ = ok_ && std::fwrite(p, 1, n, file_) == n;
  }
  std::FILE* file_;
  std::uint64_t hash_ = kStableHashSeed;
  bool ok_ = true;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool u8(std::uint8_t& v) { return raw(&v, 1); }
  bool u32(std::uint32_t& v) { return raw(&v, sizeof v); }
  bool u64(std::uint64_t& v) { return raw(&v, sizeof v); }
  bool i64(std::int64_t& v) { return raw(&v, sizeof v); }
  bool str(std::string& s) {
    std::uint32_t n = 0;
    if (!u32(n) || pos_ + n > in_.size()) return false;
    s.assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool literal(std::string_view s) {
    if (in_.substr(pos_, s.size()) != s) return false;
    pos_ += s.size();
    return true;
  }

 private:
  bool raw(void* p, std::size_t n) {
    if (pos_ + n > in_.size()) return false;
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
};

// Changes whenever a search parameter is added, removed or re-pathed: the stored keys would
// no longer fit.
std::uint64_t search_table_fingerprint() {
  std::string text;
  for (ResourceType type : kAllResourceTypes) {
    for (const auto& spec : search_params(type)) {
      text.append(type_name(type))
          .append(":")
          .append(spec.code)
          .append("=")
          .append(spec.path)
          .append(";");
    }
  }
  return stable_hash(text);
}

void write_header(Writer& w, const CatalogInfo& info) {
  w.literal(kMagic);
  w.u32(kFormatVersion);
  w.u32(kMappingVersion);
  w.u64(search_table_fingerprint());
  w.str(info.source);
  w.str(info.hentet_dato);
  w.i64(info.source_size);
  w.i64(info.source_mtime);
}

std::optional<std::string> read_header(Reader& r, CatalogInfo& info) {
  std::uint32_t format = 0;
  std::uint32_t mapping = 0;
  std::uint64_t fingerprint = 0;
  if (!r.literal(kMagic) || !r.u32(format) || !r.u32(mapping) || !r.u64(fingerprint)) {
    return "not a medication snapshot";
  }
  if (format != kFormatVersion || mapping != kMappingVersion ||
      fingerprint != search_table_fingerprint()) {
    return "snapshot of another version";
  }
  if (!r.str(info.source) || !r.str(info.hentet_dato) || !r.i64(info.source_size) ||
      !r.i64(info.source_mtime)) {
    return "truncated snapshot header";
  }
  return std::nullopt;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

std::optional<std::string> write_snapshot(const Catalog& catalog, const std::string& path) {
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return "cannot create " + tmp;
  Writer w(f);
  write_header(w, catalog.info());
  w.u64(catalog.total_size());
  for (ResourceType type : kAllResourceTypes) {
    for (const StoredResource& stored : catalog.table(type).resources) {
      const IndexedResource& r = stored.resource;
      w.u8(static_cast<std::uint8_t>(r.type));
      w.str(r.id);
      w.str(r.version_id);
      w.str(r.last_updated);
      w.i64(r.last_updated_epoch);
      w.str(*r.json);
      w.u32(static_cast<std::uint32_t>(r.keys.size()));
      for (const auto& keys : r.keys) {
        w.u32(static_cast<std::uint32_t>(keys.size()));
        for (const auto& key : keys) w.str(key);
      }
    }
  }
  const bool written = w.finish() && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  const bool closed = std::fclose(f) == 0;
  if (!written || !closed) {
    std::remove(tmp.c_str());
    return "cannot write " + tmp;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return "cannot rename " + tmp + " to " + path;
  }
  return std::nullopt;
}

std::optional<CatalogInfo> read_snapshot_info(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  Reader r(head);
  CatalogInfo info;
  if (read_header(r, info)) return std::nullopt;
  return info;
}

fhir::Result<std::shared_ptr<const Catalog>> read_snapshot(const std::string& path) {
  auto fail = [&](const std::string& why) {
    return fhir::make_error(fhir::ErrorKind::unavailable, "medication snapshot unusable", "",
                            path + ": " + why);
  };
  auto bytes = read_file(path);
  if (!bytes) return fail("cannot read");
  if (bytes->size() < sizeof(std::uint64_t)) return fail("truncated");
  const std::size_t body = bytes->size() - sizeof(std::uint64_t);
  std::uint64_t checksum = 0;
  std::memcpy(&checksum, bytes->data() + body, sizeof checksum);
  if (checksum != stable_hash(std::string_view(*bytes).substr(0, body)))
    return fail("checksum mismatch");
  Reader r(std::string_view(*bytes).substr(0, body));
  CatalogInfo info;
  if (auto why = read_header(r, info)) return fail(*why);
  std::uint64_t count = 0;
  if (!r.u64(count)) return fail("truncated");
  std::vector<IndexedResource> resources;
  resources.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    IndexedResource res;
    std::uint8_t type = 0;
    std::string json;
    std::uint32_t params = 0;
    if (!r.u8(type) || type >= kResourceTypeCount || !r.str(res.id) || !r.str(res.version_id) ||
        !r.str(res.last_updated) || !r.i64(res.last_updated_epoch) || !r.str(json) ||
        !r.u32(params)) {
      return fail("truncated record");
    }
    res.type = static_cast<ResourceType>(type);
    if (params != search_params(res.type).size()) return fail("search parameters changed");
    res.json = std::make_shared<const std::string>(std::move(json));
    res.keys.resize(params);
    for (auto& keys : res.keys) {
      std::uint32_t n = 0;
      if (!r.u32(n)) return fail("truncated keys");
      keys.resize(n);
      for (auto& key : keys) {
        if (!r.str(key)) return fail("truncated keys");
      }
    }
    resources.push_back(std::move(res));
  }
  return Catalog::build(std::move(resources), std::move(info));
}

}  // namespace gateway::medication
