// Writes many single-use DPoP proofs for one request (method + URL + token) from the local
// test issuer's client key, one per line, so a load generator can send each proof once.
#include <charconv>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>

#include "auth/test_issuer.hpp"

int main(int argc, char** argv) {
  if (argc != 7) {
    std::cerr << "usage: dpop-proof-batch ISSUER_DIR METHOD URL TOKEN COUNT OUT_FILE\n";
    return 2;
  }
  auto issuer = gateway::auth::TestIssuer::open(argv[1]);
  if (!issuer) {
    std::cerr << "dpop-proof-batch: " << issuer.error().diagnostics << "\n";
    return 1;
  }
  std::size_t count = 0;
  const std::string_view count_text = argv[5];
  std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
  std::ofstream out(argv[6]);
  const std::int64_t now = std::time(nullptr);
  for (std::size_t i = 0; i < count; ++i) {
    out << issuer->mint_dpop_proof(argv[2], argv[3], argv[4], now) << '\n';
  }
  return out ? 0 : 1;
}
