// The expiring_keys table: INSERT ... ON CONFLICT DO UPDATE only over an expired row.
#include "storage/postgres/expiring_key_set.hpp"

namespace gateway::storage::postgres {
namespace {

// bytea in PostgreSQL's text input form.
std::string bytea_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text = "\\x";
  text.reserve(2 + 2 * bytes.size());
  for (const unsigned char c : bytes) {
    text.push_back(kDigits[c >> 4]);
    text.push_back(kDigits[c & 15]);
  }
  return text;
}

const std::string kCreate = R"(CREATE TABLE IF NOT EXISTS expiring_keys (
  set_name text NOT NULL,
  key bytea NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (set_name, key));
CREATE INDEX IF NOT EXISTS expiring_keys_expiry ON expiring_keys (set_name, expires_at))";

// Returns a row when the key was absent or expired (and is now recorded), none when present.
const std::string kInsert = R"(INSERT INTO expiring_keys AS k (set_name, key, expires_at)
VALUES ($1, $2::bytea, $3::bigint)
ON CONFLICT (set_name, key) DO UPDATE SET expires_at = EXCLUDED.expires_at
WHERE k.expires_at <= $4::bigint
RETURNING 1)";

// In batches, so one purge never holds many row locks for long.
const std::string kPurge = R"(DELETE FROM expiring_keys WHERE ctid = ANY(ARRAY(
  SELECT ctid FROM expiring_keys WHERE set_name = $1 AND expires_at <= $2::bigint LIMIT 10000)))";

// An advisory lock key of our own: concurrent CREATE TABLE IF NOT EXISTS can still collide.
constexpr const char* kCreateLock = "SELECT pg_advisory_xact_lock(7201865123031)";

}  // namespace

ExpiringKeySet::ExpiringKeySet(PgPool& pool, std::string set_name,
                               std::int64_t purge_interval_seconds)
    : pool_(pool), set_name_(std::move(set_name)), purge_interval_(purge_interval_seconds) {}

StoreStatus ExpiringKeySet::create_table() {
  auto lease = pool_.acquire();
  if (!lease) return std::move(lease).take_error();
  PgConnection& connection = **lease;
  // Simple-protocol statements: several in one string, run as one transaction.
  const std::string script = std::string("BEGIN; ") + kCreateLock + "; " + kCreate + "; COMMIT";
  if (auto done = connection.exec_script("create expiring_keys", script); !done) {
    (void)connection.exec_script("rollback", "ROLLBACK");
    return std::move(done).take_error();
  }
  return {};
}

StoreResult<ExpiringKeySet::Insert> ExpiringKeySet::insert(std::string_view key,
                                                           std::int64_t expires_at,
                                                           std::int64_t now) {
  if (now >= next_purge_.load(std::memory_order_relaxed)) {
    next_purge_.store(now + purge_interval_, std::memory_order_relaxed);
    (void)purge(now);  // a failed purge is retried at the next interval
  }
  auto lease = pool_.acquire();
  if (!lease) return std::move(lease).take_error();
  auto rows = (*lease)->exec_prepared(
      "expiring_keys insert", kInsert,
      {set_name_, bytea_hex(key), std::to_string(expires_at), std::to_string(now)});
  if (!rows) return std::move(rows).take_error();
  return rows->rows() == 1 ? Insert::fresh : Insert::present;
}

StoreResult<std::int64_t> ExpiringKeySet::purge(std::int64_t now) {
  auto lease = pool_.acquire();
  if (!lease) return std::move(lease).take_error();
  auto rows =
      (*lease)->exec_prepared("expiring_keys purge", kPurge, {set_name_, std::to_string(now)});
  if (!rows) return std::move(rows).take_error();
  return rows->affected();
}

}  // namespace gateway::storage::postgres
