// A set of keys with an expiry each, kept in PostgreSQL so that every process on the database
// shares it: insert-if-absent (an expired key counts as absent) and a periodic purge of
// expired rows. Keys are short byte strings, typically digests. Durability follows the pool's
// session settings (the DPoP replay cache runs it with synchronous_commit off).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "storage/postgres/pg_pool.hpp"

namespace gateway::storage::postgres {

class ExpiringKeySet {
 public:
  enum class Insert { fresh, present };

  // `set_name` keeps several sets in the one table apart; expired rows of the set are purged
  // at most every `purge_interval_seconds`, by whichever insert comes first after that.
  ExpiringKeySet(PgPool& pool, std::string set_name, std::int64_t purge_interval_seconds = 60);

  // Creates the table if missing (safe with other processes doing the same).
  [[nodiscard]] StoreStatus create_table();
  // fresh: recorded until `expires_at` (unix seconds); present: recorded and not expired
  // at `now`. Errors (the database down) mean the key could not be recorded.
  [[nodiscard]] StoreResult<Insert> insert(std::string_view key, std::int64_t expires_at,
                                           std::int64_t now);
  // Deletes keys expired at `now`; returns how many.
  [[nodiscard]] StoreResult<std::int64_t> purge(std::int64_t now);

 private:
  PgPool& pool_;
  std::string set_name_;
  std::int64_t purge_interval_;
  std::atomic<std::int64_t> next_purge_{0};
};

}  // namespace gateway::storage::postgres
