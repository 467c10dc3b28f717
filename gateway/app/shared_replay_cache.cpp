// The shared replay cache: (jkt, jti) digests in the database's expiring key set.
#include "app/shared_replay_cache.hpp"

#include <chrono>

#include "auth/base64url.hpp"

namespace gateway::app {
namespace {

// A request waits this long at most for the database before its proof is refused. Records
// commit asynchronously: every replica sees one at once, and a database crash loses at most
// the last fraction of a second of them (a replay inside that window, after that crash, is
// the accepted cost of not waiting for an fsync on every request).
storage::postgres::PgPoolOptions pool_options(const std::string& url) {
  storage::postgres::PgPoolOptions options;
  options.url = url;
  options.size = 4;
  options.acquire_timeout = std::chrono::milliseconds(2000);
  options.session_setup = {"SET synchronous_commit = off", "SET statement_timeout = 2000"};
  return options;
}

// SHA-256 over len(jkt) (8 bytes, little-endian) || jkt || jti, first 16 bytes: the same on
// every replica (unkeyed), and the length keeps (jkt, jti) pairs apart.
std::string digest(std::string_view jkt, std::string_view jti) {
  std::string input;
  input.reserve(8 + jkt.size() + jti.size());
  for (int i = 0; i < 8; ++i) {
    input.push_back(static_cast<char>((static_cast<std::uint64_t>(jkt.size()) >> (8 * i)) & 0xff));
  }
  input.append(jkt);
  input.append(jti);
  return auth::sha256(input).substr(0, 16);
}

}  // namespace

SharedReplayCache::SharedReplayCache(const std::string& url)
    : pool_(pool_options(url)), keys_(pool_, "dpop_proofs") {}

storage::StoreStatus SharedReplayCache::prepare() {
  auto created = keys_.create_table();
  if (created) prepared_.store(true);
  return created;
}

auth::ReplayCache::Insert SharedReplayCache::insert(std::string_view jkt, std::string_view jti,
                                                    std::int64_t expires_at, std::int64_t now) {
  if (!prepared_.load() && !prepare()) return Insert::full;
  auto inserted = keys_.insert(digest(jkt, jti), expires_at, now);
  if (!inserted) return Insert::full;
  return *inserted == storage::postgres::ExpiringKeySet::Insert::fresh ? Insert::fresh
                                                                       : Insert::replay;
}

}  // namespace gateway::app
