// fhir-gateway: parses the command line, configuration file and environment, then runs the
// gateway until SIGTERM/SIGINT (or prints the route table with --routes, or writes a backup of
// the store with `backup FILE`).
#include <iostream>

#include "app/application.hpp"
#include "app/backup_command.hpp"
#include "app/command_line.hpp"

extern char** environ;

int main(int argc, char** argv) {
  using namespace gateway::app;
  using gateway::fhir::describe_route;
  const auto specs = all_setting_specs();
  CommandLine cli = parse_command_line(argc, argv, specs);
  if (cli.help) {
    std::cout << usage_text(specs);
    return 0;
  }
  if (cli.version) {
    std::cout << "fhir-gateway " << GATEWAY_VERSION << " (FHIR 4.3.0)\n";
    return 0;
  }
  std::vector<std::string> errors = cli.errors;
  std::map<std::string, std::string> file;
  if (!cli.config_file.empty()) file = read_config_file(cli.config_file, specs, errors);
  const auto env = read_environment(environ, specs);
  if (errors.empty() && !cli.backup_file.empty()) {
    auto copied = run_backup(merge_settings(specs, file, env, cli.values), cli.backup_file);
    if (!copied) {
      std::cerr << "fhir-gateway: backup failed: " << copied.error().message << "\n";
      return 1;
    }
    std::cout << "backup written to " << cli.backup_file << "\n";
    return 0;
  }
  if (errors.empty()) {
    auto created = Application::create(merge_settings(specs, file, env, cli.values));
    if (!created) {
      errors = created.error();
    } else {
      auto& app = **created;
      if (cli.routes) {
        for (const auto& route : app.route_table()) std::cout << describe_route(route) << "\n";
        return 0;
      }
      auto port = app.start();
      if (!port) {
        std::cerr << "fhir-gateway: " << port.error().diagnostics << "\n";
        return 1;
      }
      app.run();
      return 0;
    }
  }
  std::cerr << "fhir-gateway: invalid configuration:\n";
  for (const auto& e : errors) std::cerr << "  - " << e << "\n";
  std::cerr << "Run 'fhir-gateway --help' for the settings.\n";
  return 2;
}
