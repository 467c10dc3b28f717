// One libpq connection (RAII) and its query results: parameterised statements with text
// parameters, prepared once per connection by name, errors as StoreError values.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "storage/store_error.hpp"

struct pg_conn;
struct pg_result;

namespace gateway::storage::postgres {

// Text parameters; nullopt is SQL NULL.
using PgParams = std::vector<std::optional<std::string>>;
// Type OIDs of the parameters (pg_type: 20 bigint, 25 text, 701 double precision); empty or 0:
// the server infers the type from the statement.
using PgTypes = std::vector<unsigned>;

// The rows of one statement's result (RAII over PGresult).
class PgRows {
 public:
  explicit PgRows(pg_result* result);
  int rows() const;
  bool is_null(int row, int column) const;
  std::string_view text(int row, int column) const;
  std::int64_t int64(int row, int column) const;
  bool boolean(int row, int column) const;  // 't' / 'f'
  std::int64_t affected() const;            // rows an INSERT/UPDATE/DELETE touched

 private:
  struct Clear {
    void operator()(pg_result* result) const;
  };
  std::unique_ptr<pg_result, Clear> result_;
};

class PgConnection {
 public:
  // Connects to `url` (a postgresql:// URL or key=value string); every statement in
  // `session_setup` runs once after connecting (SET ...).
  [[nodiscard]] static StoreResult<std::unique_ptr<PgConnection>> connect(
      const std::string& url, const std::vector<std::string>& session_setup);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // One statement, parsed each time. `what` names it in errors (never the SQL).
  [[nodiscard]] StoreResult<PgRows> exec(std::string_view what, const std::string& sql,
                                         const PgParams& params = {}, const PgTypes& types = {});
  // Several statements separated by ';', without parameters (schema scripts, BEGIN ...
  // COMMIT blocks); the result of the last one.
  [[nodiscard]] StoreResult<PgRows> exec_script(std::string_view what, const std::string& sql);
  // One statement prepared under `name` on first use on this connection.
  [[nodiscard]] StoreResult<PgRows> exec_prepared(const std::string& name, const std::string& sql,
                                                  const PgParams& params = {},
                                                  const PgTypes& types = {});
  // One statement prepared on first use under a name of its own, known by its text: reads
  // and searches, whose text follows the query's shape. Planning a search costs as much as
  // running it; the first kCachedStatements texts per connection are kept, later ones are
  // parsed each time.
  [[nodiscard]] StoreResult<PgRows> exec_cached(std::string_view what, const std::string& sql,
                                                const PgParams& params = {},
                                                const PgTypes& types = {});
  static constexpr std::size_t kCachedStatements = 256;
  // False when the server has closed the connection (restart, admin shutdown) or it is
  // inside a transaction nobody finished: the pool replaces it.
  bool reusable();

 private:
  explicit PgConnection(pg_conn* connection);
  StoreResult<PgRows> check(pg_result* result, std::string_view what);

  pg_conn* connection_;
  std::unordered_set<std::string> prepared_;
  std::unordered_map<std::string, std::string> cached_;  // statement text -> its name
};

}  // namespace gateway::storage::postgres
