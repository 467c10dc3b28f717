// Typed settings with collected errors; the JSON-lines logger; readiness checks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "ops/logger.hpp"
#include "ops/readiness.hpp"
#include "ops/settings.hpp"

namespace gateway::ops {
namespace {

TEST(Settings, TypedGettersValidateAndCollectErrors) {
  SettingsReader r(
      {{"threads", "4"}, {"max_body_bytes", "-5"}, {"log_access", "perhaps"}, {"name", "x"}});
  EXPECT_EQ(r.integer("threads", 0, 0, 256), 4);
  EXPECT_EQ(r.integer("max_body_bytes", 100, 0, 1000), 100);
  EXPECT_TRUE(r.boolean("log_access", true));
  EXPECT_EQ(r.text("name"), "x");
  EXPECT_EQ(r.text("absent", "fallback"), "fallback");
  ASSERT_EQ(r.errors().size(), 2u);
  EXPECT_NE(r.errors()[0].find("max_body_bytes"), std::string::npos);
  EXPECT_NE(r.errors()[1].find("log_access"), std::string::npos);
}

TEST(Settings, ConfiguredTellsEmptyFromAbsent) {
  SettingsReader r({{"off", ""}, {"on", "x"}});
  EXPECT_EQ(r.configured("off"), std::optional<std::string>(""));
  EXPECT_EQ(r.configured("on"), std::optional<std::string>("x"));
  EXPECT_FALSE(r.configured("absent").has_value());
  EXPECT_EQ(r.text("off", "fallback"), "fallback");  // text() still treats empty as unset
}

TEST(Settings, EnvironmentNames) { EXPECT_EQ(env_name("data_dir"), "FHIR_GATEWAY_DATA_DIR"); }

std::vector<nlohmann::json> read_lines(int fd) {
  std::string all;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) all.append(buf, static_cast<std::size_t>(n));
  std::vector<nlohmann::json> lines;
  std::size_t start = 0;
  while (start < all.size()) {
    const auto end = all.find('\n', start);
    lines.push_back(nlohmann::json::parse(all.substr(start, end - start)));
    start = end + 1;
  }
  return lines;
}

TEST(Logger, WritesOneJsonObjectPerLineWithEscaping) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  {
    Logger logger(fds[1]);
    logger.access({"req-1", "GET", "/fhir/Patient/{id}", 200, 1234, 56, "client\"x", "999977774",
                   "", "565501872"});
    logger.event("warn", "line\nbreak", {{"key", "value"}});
  }
  ::close(fds[1]);
  const auto lines = read_lines(fds[0]);
  ::close(fds[0]);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["type"], "access");
  EXPECT_EQ(lines[0]["route"], "/fhir/Patient/{id}");
  EXPECT_EQ(lines[0]["status"], 200);
  EXPECT_EQ(lines[0]["duration_us"], 1234);
  EXPECT_EQ(lines[0]["client_id"], "client\"x");
  EXPECT_FALSE(lines[0].contains("orgnr_child"));
  EXPECT_EQ(lines[1]["msg"], "line\nbreak");
  EXPECT_EQ(lines[1]["key"], "value");
}

TEST(Readiness, ReportsFirstFailingCheck) {
  Readiness r;
  EXPECT_FALSE(r.first_failure().has_value());
  bool loaded = false;
  r.add_check("store", [] { return std::optional<std::string>(); });
  r.add_check("catalog", [&]() -> std::optional<std::string> {
    if (loaded) return std::nullopt;
    return "no catalog loaded yet";
  });
  EXPECT_EQ(r.first_failure().value(), "catalog: no catalog loaded yet");
  loaded = true;
  EXPECT_FALSE(r.first_failure().has_value());
}

TEST(Readiness, WarningsStandWhetherReadyOrNot) {
  Readiness r;
  EXPECT_TRUE(r.warnings().empty());
  r.add_warning("test issuer: NOT FOR PRODUCTION");
  EXPECT_EQ(r.warnings(), std::vector<std::string>{"test issuer: NOT FOR PRODUCTION"});
  EXPECT_FALSE(r.first_failure().has_value());
}

}  // namespace
}  // namespace gateway::ops
