// Command-line flags, config files, environment and their precedence; core config checks.
#include <gtest/gtest.h>

#include <fstream>

#include "app/command_line.hpp"
#include "app/core_config.hpp"
#include "temp_dir.hpp"

namespace gateway::app {
namespace {

const std::vector<ops::SettingSpec> kSpecs = {
    {"listen", "127.0.0.1:8080", "where"}, {"data_dir", "./data", "dir"}, {"threads", "0", "n"}};

TEST(CommandLine, FlagsMapToKeysInBothForms) {
  const char* argv[] = {"fhir-gateway",  "--listen", "0.0.0.0:9",
                        "--data-dir=/d", "--config", "c.conf"};
  auto cli = parse_command_line(6, argv, kSpecs);
  EXPECT_TRUE(cli.errors.empty());
  EXPECT_EQ(cli.values.at("listen"), "0.0.0.0:9");
  EXPECT_EQ(cli.values.at("data_dir"), "/d");
  EXPECT_EQ(cli.config_file, "c.conf");
}

TEST(CommandLine, UnknownFlagsAndMissingValuesAreErrors) {
  const char* argv[] = {"fhir-gateway", "--nope", "stray", "--threads"};
  auto cli = parse_command_line(4, argv, kSpecs);
  EXPECT_EQ(cli.errors.size(), 3u);
}

TEST(CommandLine, BackupTakesTheTargetFile) {
  const char* argv[] = {"fhir-gateway", "backup", "/tmp/copy.db", "--data-dir", "/d"};
  auto cli = parse_command_line(5, argv, kSpecs);
  EXPECT_TRUE(cli.errors.empty());
  EXPECT_EQ(cli.backup_file, "/tmp/copy.db");
  EXPECT_EQ(cli.values.at("data_dir"), "/d");
  const char* missing[] = {"fhir-gateway", "backup"};
  EXPECT_EQ(parse_command_line(2, missing, kSpecs).errors.size(), 1u);
}

TEST(Settings, PrecedenceIsDefaultsFileEnvironmentCommandLine) {
  testing::TempDir dir;
  const std::string path = dir.str() + "/g.conf";
  std::ofstream(path) << "listen = 1.1.1.1:1  # from the file\nthreads = 3\ndata_dir=/file\n";
  std::vector<std::string> errors;
  auto file = read_config_file(path, kSpecs, errors);
  EXPECT_TRUE(errors.empty());
  const char* envp[] = {"FHIR_GATEWAY_THREADS=5", "FHIR_GATEWAY_PORT=tcp://10.0.0.1:80",
                        "PATH=/bin", nullptr};
  auto env = read_environment(envp, kSpecs);
  EXPECT_EQ(env.size(), 1u);  // unrelated FHIR_GATEWAY_* variables are ignored
  auto merged = merge_settings(kSpecs, file, env, {{"data_dir", "/cli"}});
  EXPECT_EQ(merged.at("listen"), "1.1.1.1:1");
  EXPECT_EQ(merged.at("threads"), "5");
  EXPECT_EQ(merged.at("data_dir"), "/cli");
}

TEST(CoreConfig, DefaultsAreValid) {
  ops::SettingsReader reader(merge_settings(core_setting_specs(), {}, {}, {}));
  const CoreConfig c = read_core_config(reader);
  EXPECT_TRUE(reader.errors().empty());
  EXPECT_EQ(c.server.port, 8080);
  EXPECT_EQ(c.public_url, "http://127.0.0.1:8080");
  EXPECT_EQ(c.fhir_base(), "http://127.0.0.1:8080/fhir");
  EXPECT_EQ(c.paging.default_count, 20u);
}

TEST(CoreConfig, StoreIsSqliteByDefaultOrAPostgresUrl) {
  ops::SettingsReader defaults(merge_settings(core_setting_specs(), {}, {}, {}));
  EXPECT_FALSE(read_core_config(defaults).store_is_postgres());
  for (const std::string url : {"postgres://u:p@db:5432/fhir", "postgresql://db/fhir"}) {
    ops::SettingsReader reader(std::map<std::string, std::string>{{"store", url}});
    const CoreConfig c = read_core_config(reader);
    EXPECT_TRUE(reader.errors().empty()) << url;
    EXPECT_TRUE(c.store_is_postgres());
    EXPECT_EQ(c.store, url);
  }
  ops::SettingsReader wrong(
      std::map<std::string, std::string>{{"store", "mysql://u:secret@db/fhir"}});
  read_core_config(wrong);
  ASSERT_EQ(wrong.errors().size(), 1u);
  EXPECT_EQ(wrong.errors()[0].find("secret"), std::string::npos);  // no password repeated
}

TEST(CoreConfig, ValidatesListenTlsPagingAndPublicUrl) {
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"listen", "localhost"},
                                                        {"listen", "127.0.0.1:99999"},
                                                        {"tls_key", "/k.pem"},
                                                        {"count_default", "1000"},
                                                        {"public_url", "ftp://x"},
                                                        {"request_timeout_ms", "0"}}) {
    ops::SettingsReader reader(std::map<std::string, std::string>{{key, value}});
    read_core_config(reader);
    EXPECT_FALSE(reader.errors().empty()) << key << "=" << value;
  }
  ops::SettingsReader ok({{"listen", "[::1]:0"}, {"public_url", "https://fhir.example.no/"}});
  const CoreConfig c = read_core_config(ok);
  EXPECT_TRUE(ok.errors().empty());
  EXPECT_EQ(c.server.host, "::1");
  EXPECT_EQ(c.public_url, "https://fhir.example.no");
}

}  // namespace
}  // namespace gateway::app
