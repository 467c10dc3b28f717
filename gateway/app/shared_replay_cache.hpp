// The DPoP replay cache shared by every replica on one PostgreSQL database: a proof recorded
// by one gateway process is a replay for all the others. A proof that cannot be recorded
// (the database down or slow) is refused, never accepted: insert answers `full`, which the
// trust layer turns into its "replay cache unavailable" 503.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "auth/replay_cache.hpp"
#include "storage/postgres/expiring_key_set.hpp"
#include "storage/postgres/pg_pool.hpp"

namespace gateway::app {

class SharedReplayCache final : public auth::ReplayCache {
 public:
  // `url`: the store's postgres:// URL. Opens no connection yet.
  explicit SharedReplayCache(const std::string& url);
  Insert insert(std::string_view jkt, std::string_view jti, std::int64_t expires_at,
                std::int64_t now) override;
  // Creates the table if missing; insert() does it too until it has once succeeded.
  [[nodiscard]] storage::StoreStatus prepare();

 private:
  storage::postgres::PgPool pool_;
  storage::postgres::ExpiringKeySet keys_;
  std::atomic<bool> prepared_{false};
};

}  // namespace gateway::app
