// Where a test finds PostgreSQL: the URL of the fixture's server (the file named by
// GATEWAY_TEST_POSTGRES_URL_FILE), and a scratch schema per test so that tests running in
// parallel against that one server never see each other's tables.
#pragma once

#include <string>

namespace gateway::testing {

// The shared server's URL; throws with a hint when the test was not started by CTest.
std::string fixture_postgres_url();

// A schema with a random name, created on construction and dropped (with everything in it)
// on destruction. url() selects it through search_path, so unqualified tables land in it.
class ScratchSchema {
 public:
  explicit ScratchSchema(std::string server_url);
  ~ScratchSchema();
  ScratchSchema(const ScratchSchema&) = delete;
  ScratchSchema& operator=(const ScratchSchema&) = delete;

  const std::string& name() const { return name_; }
  std::string url() const;

 private:
  std::string server_url_;
  std::string name_;
};

}  // namespace gateway::testing
