// fhir-gateway-token: command line for the local test issuer (init, token, proof).
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "auth/test_issuer.hpp"
#include "auth/trust_layer.hpp"

namespace {

using gateway::auth::TestIssuer;
using gateway::auth::TestTokenRequest;

constexpr const char* kUsage = R"(fhir-gateway-token: local test tokens (NOT FOR PRODUCTION)
  init  --dir DIR                       create issuer key, jwks.json and a client DPoP key
  token --dir DIR [--scope S]... [--pid PID] [--hpr HPR] [--security-level N]
        [--patient FNR] [--purpose TREAT|ETREAT|COC|BTG|none] [--authorization LE|SP|…]
        [--machine] [--ttl SECONDS]
        [--bearer] [--client-id ID] [--orgnr-parent N] [--orgnr-child N]
                                        print an access token (DPoP-bound unless --bearer)
  proof --dir DIR --method GET --url URL --token TOKEN
                                        print a DPoP proof for one request
)";

struct Arguments {
  std::string command;
  std::multimap<std::string, std::string> options;
  bool machine = false;
  bool bearer = false;

  std::string get(const std::string& name, std::string fallback = {}) const {
    const auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
};

bool parse(int argc, char** argv, Arguments* out) {
  if (argc < 2) return false;
  out->command = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--machine") {
      out->machine = true;
    } else if (arg == "--bearer") {
      out->bearer = true;
    } else if (arg.rfind("--", 0) == 0 && i + 1 < argc) {
      out->options.emplace(arg.substr(2), argv[++i]);
    } else {
      return false;
    }
  }
  return !out->get("dir").empty();
}

TestTokenRequest token_request(const Arguments& args) {
  TestTokenRequest request;
  for (auto [it, end] = args.options.equal_range("scope"); it != end; ++it) {
    request.scopes.push_back(it->second);
  }
  request.machine = args.machine;
  request.dpop_bound = !args.bearer;
  request.pid = args.get("pid", request.pid);
  request.hpr_number = args.get("hpr", request.hpr_number);
  request.security_level = args.get("security-level", request.security_level);
  request.patient = args.get("patient");
  request.purpose_of_use = args.get("purpose", request.purpose_of_use);
  if (request.purpose_of_use == "none") request.purpose_of_use.clear();
  request.authorization = args.get("authorization", request.authorization);
  request.client_id = args.get("client-id", request.client_id);
  request.orgnr_parent = args.get("orgnr-parent", request.orgnr_parent);
  request.orgnr_child = args.get("orgnr-child", request.orgnr_child);
  request.ttl_seconds = std::stoll(args.get("ttl", std::to_string(request.ttl_seconds)));
  return request;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments args;
  if (!parse(argc, argv, &args)) {
    std::cerr << kUsage;
    return 2;
  }
  auto issuer = TestIssuer::open(args.get("dir"));
  if (!issuer) {
    std::cerr << "error: " << issuer.error().log_detail << "\n";
    return 1;
  }
  const std::int64_t now = gateway::auth::system_clock_seconds();
  if (args.command == "init") {
    std::cout << "issuer   " << issuer->issuer() << "\naudience " << issuer->audience()
              << "\njwks     " << issuer->jwks_path() << "\nclient key thumbprint (cnf.jkt) "
              << issuer->client_key().thumbprint() << "\n";
    return 0;
  }
  if (args.command == "token") {
    try {
      std::cout << issuer->mint_access_token(token_request(args), now) << "\n";
    } catch (const std::exception&) {
      std::cerr << "error: --ttl must be a number of seconds\n";
      return 2;
    }
    return 0;
  }
  if (args.command == "proof") {
    const std::string method = args.get("method", "GET");
    const std::string url = args.get("url");
    const std::string token = args.get("token");
    if (url.empty() || token.empty()) {
      std::cerr << kUsage;
      return 2;
    }
    std::cout << issuer->mint_dpop_proof(method, url, token, now) << "\n";
    return 0;
  }
  std::cerr << kUsage;
  return 2;
}
