// Names and properties of the supported JWS algorithms.
#include "auth/algorithm.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <utility>

namespace gateway::auth {
namespace {

constexpr std::array<std::pair<std::string_view, Algorithm>, 9> kNames = {{
    {"RS256", Algorithm::RS256},
    {"RS384", Algorithm::RS384},
    {"RS512", Algorithm::RS512},
    {"PS256", Algorithm::PS256},
    {"PS384", Algorithm::PS384},
    {"PS512", Algorithm::PS512},
    {"ES256", Algorithm::ES256},
    {"ES384", Algorithm::ES384},
    {"ES512", Algorithm::ES512},
}};

// Fetched from the default provider once: OpenSSL 3 looks a digest named by EVP_sha256() up
// again on every sign/verify init. Immutable after initialisation, never freed.
struct FetchedDigests {
  const EVP_MD* sha256 = fetch("SHA2-256", EVP_sha256());
  const EVP_MD* sha384 = fetch("SHA2-384", EVP_sha384());
  const EVP_MD* sha512 = fetch("SHA2-512", EVP_sha512());

  static const EVP_MD* fetch(const char* name, const EVP_MD* fallback) {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, name, nullptr);
    return fetched ? fetched : fallback;
  }
};

}  // namespace

std::optional<Algorithm> parse_algorithm(std::string_view name) {
  for (const auto& [text, alg] : kNames) {
    if (text == name) return alg;
  }
  return std::nullopt;
}

std::string_view algorithm_name(Algorithm alg) {
  return kNames[static_cast<std::size_t>(alg)].first;
}

bool is_ecdsa(Algorithm alg) {
  return alg == Algorithm::ES256 || alg == Algorithm::ES384 || alg == Algorithm::ES512;
}

std::string_view curve_of(Algorithm alg) {
  switch (alg) {
    case Algorithm::ES256:
      return "P-256";
    case Algorithm::ES384:
      return "P-384";
    case Algorithm::ES512:
      return "P-521";
    default:
      return {};
  }
}

std::optional<std::vector<Algorithm>> parse_algorithm_list(std::string_view text) {
  std::vector<Algorithm> algs;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find_first_of(" ,", pos);
    const std::string_view item = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (!item.empty()) {
      const auto alg = parse_algorithm(item);
      if (!alg) return std::nullopt;
      if (std::find(algs.begin(), algs.end(), *alg) == algs.end()) algs.push_back(*alg);
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  if (algs.empty()) return std::nullopt;
  return algs;
}

std::string algorithm_list_text(const std::vector<Algorithm>& algs) {
  std::string out;
  for (const Algorithm alg : algs) {
    if (!out.empty()) out += ' ';
    out += algorithm_name(alg);
  }
  return out;
}

const EVP_MD* digest_of(Algorithm alg) {
  static const FetchedDigests digests;
  switch (alg) {
    case Algorithm::RS256:
    case Algorithm::PS256:
    case Algorithm::ES256:
      return digests.sha256;
    case Algorithm::RS384:
    case Algorithm::PS384:
    case Algorithm::ES384:
      return digests.sha384;
    default:
      return digests.sha512;
  }
}

}  // namespace gateway::auth
