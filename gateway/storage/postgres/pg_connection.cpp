// libpq calls behind PgConnection and PgRows.
#include "storage/postgres/pg_connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <charconv>

#include "storage/postgres/pg_error.hpp"

namespace gateway::storage::postgres {
namespace {

struct ParamPointers {
  std::vector<const char*> values;
  explicit ParamPointers(const PgParams& params) {
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  }
  int count() const { return static_cast<int>(values.size()); }
  const char* const* data() const { return values.empty() ? nullptr : values.data(); }
};

const Oid* type_oids(const PgTypes& types, std::size_t count) {
  return types.size() == count && count > 0 ? types.data() : nullptr;  // Oid is unsigned int
}

}  // namespace

void PgRows::Clear::operator()(pg_result* result) const { PQclear(result); }

PgRows::PgRows(pg_result* result) : result_(result) {}

int PgRows::rows() const { return PQntuples(result_.get()); }

bool PgRows::is_null(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

std::string_view PgRows::text(int row, int column) const {
  return {PQgetvalue(result_.get(), row, column),
          static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

std::int64_t PgRows::int64(int row, int column) const {
  const std::string_view value = text(row, column);
  std::int64_t number = 0;
  std::from_chars(value.data(), value.data() + value.size(), number);
  return number;
}

bool PgRows::boolean(int row, int column) const { return text(row, column) == "t"; }

std::int64_t PgRows::affected() const {
  const char* tuples = PQcmdTuples(result_.get());
  std::int64_t number = 0;
  std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), number);
  return number;
}

PgConnection::PgConnection(pg_conn* connection) : connection_(connection) {}

PgConnection::~PgConnection() { PQfinish(connection_); }

StoreResult<std::unique_ptr<PgConnection>> PgConnection::connect(
    const std::string& url, const std::vector<std::string>& session_setup) {
  // Our defaults first: what the URL says overrides them (libpq: later keywords win).
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"5", "fhir-gateway", url.c_str(), nullptr};
  std::unique_ptr<PgConnection> connection(new PgConnection(PQconnectdbParams(keys, values, 1)));
  if (connection->connection_ == nullptr || PQstatus(connection->connection_) != CONNECTION_OK) {
    // libpq's reason names the host and port and what failed, never the password.
    std::string reason = connection->connection_ ? PQerrorMessage(connection->connection_) : "";
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    return store_error(StoreErrorKind::unavailable, "postgres: cannot connect: " + reason);
  }
  // Notices (NOTICE: relation exists, skipping) are not errors; libpq would print them.
  PQsetNoticeProcessor(
      connection->connection_, [](void*, const char*) {}, nullptr);
  for (const auto& statement : session_setup) {
    if (auto done = connection->exec("session setup", statement); !done) {
      return std::move(done).take_error();
    }
  }
  return connection;
}

StoreResult<PgRows> PgConnection::check(pg_result* raw, std::string_view what) {
  PgRows rows(raw);
  const ExecStatusType status = raw == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(raw);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return rows;
  const char* sqlstate = raw == nullptr ? nullptr : PQresultErrorField(raw, PG_DIAG_SQLSTATE);
  const char* constraint =
      raw == nullptr ? nullptr : PQresultErrorField(raw, PG_DIAG_CONSTRAINT_NAME);
  const bool lost = PQstatus(connection_) != CONNECTION_OK;
  return pg_error(lost || sqlstate == nullptr ? "" : sqlstate, constraint ? constraint : "", what);
}

StoreResult<PgRows> PgConnection::exec(std::string_view what, const std::string& sql,
                                       const PgParams& params, const PgTypes& types) {
  const ParamPointers p(params);
  return check(PQexecParams(connection_, sql.c_str(), p.count(), type_oids(types, params.size()),
                            p.data(), nullptr, nullptr, 0),
               what);
}

StoreResult<PgRows> PgConnection::exec_script(std::string_view what, const std::string& sql) {
  return check(PQexec(connection_, sql.c_str()), what);
}

StoreResult<PgRows> PgConnection::exec_prepared(const std::string& name, const std::string& sql,
                                                const PgParams& params, const PgTypes& types) {
  if (!prepared_.contains(name)) {
    auto prepared =
        check(PQprepare(connection_, name.c_str(), sql.c_str(), static_cast<int>(params.size()),
                        type_oids(types, params.size())),
              name);
    if (!prepared) return prepared;
    prepared_.insert(name);
  }
  const ParamPointers p(params);
  return check(PQexecPrepared(connection_, name.c_str(), p.count(), p.data(), nullptr, nullptr, 0),
               name);
}

StoreResult<PgRows> PgConnection::exec_cached(std::string_view what, const std::string& sql,
                                              const PgParams& params, const PgTypes& types) {
  auto found = cached_.find(sql);
  if (found == cached_.end()) {
    if (cached_.size() >= kCachedStatements) return exec(what, sql, params, types);
    found = cached_.emplace(sql, "cached" + std::to_string(cached_.size())).first;
  }
  return exec_prepared(found->second, sql, params, types);
}

bool PgConnection::reusable() {
  if (PQstatus(connection_) != CONNECTION_OK) return false;
  if (PQtransactionStatus(connection_) != PQTRANS_IDLE) return false;
  // An idle connection has nothing to read; something readable is the server's goodbye
  // (57P01 admin shutdown) or EOF.
  pollfd fd{PQsocket(connection_), POLLIN, 0};
  if (poll(&fd, 1, 0) == 0) return true;
  return false;
}

}  // namespace gateway::storage::postgres
