// The fixture server's URL and per-test scratch schemas (plain libpq).
#include "postgres/test_database.hpp"

#include <libpq-fe.h>
#include <stdlib.h>

#include <fstream>
#include <random>
#include <stdexcept>

namespace gateway::testing {
namespace {

void exec_or_throw(const std::string& url, const std::string& sql) {
  PGconn* connection = PQconnectdb(url.c_str());
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);
  PGresult* result = PQexec(connection, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  const std::string message = PQerrorMessage(connection);
  PQclear(result);
  PQfinish(connection);
  if (!ok) throw std::runtime_error(sql + ": " + message);
}

}  // namespace

std::string fixture_postgres_url() {
  const char* file = getenv("GATEWAY_TEST_POSTGRES_URL_FILE");
  if (file == nullptr) {
    throw std::runtime_error(
        "GATEWAY_TEST_POSTGRES_URL_FILE is not set: run this test through ctest (fixture "
        "'postgres'), or start a server with postgres_fixture start DIR and point the "
        "variable at DIR/url");
  }
  std::ifstream in(file);
  std::string url;
  if (!std::getline(in, url) || url.empty()) {
    throw std::runtime_error(std::string("no PostgreSQL URL in ") + file);
  }
  return url;
}

ScratchSchema::ScratchSchema(std::string server_url) : server_url_(std::move(server_url)) {
  std::random_device random;
  name_ = "test_" + std::to_string(random()) + "_" + std::to_string(random());
  exec_or_throw(server_url_, "CREATE SCHEMA " + name_);
}

ScratchSchema::~ScratchSchema() {
  try {
    exec_or_throw(server_url_, "DROP SCHEMA " + name_ + " CASCADE");
  } catch (const std::exception&) {
    // The server may be gone at the end of a failed test; the fixture removes it anyway.
  }
}

std::string ScratchSchema::url() const {
  const char separator = server_url_.find('?') == std::string::npos ? '?' : '&';
  return server_url_ + separator + "options=-csearch_path%3D" + name_;
}

}  // namespace gateway::testing
