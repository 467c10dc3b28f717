// Names and properties of the supported JWS algorithms.
#include "auth/algorithm.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <utility>

namespace gateway::auth {
namespace {

constexpr std::array<std::pair<std::string_view, Algorithm>, 9> kNames = {{
    {"RS256", Algorithm::rs256},
    {"RS384", Algorithm::rs384},
    {"RS512", Algorithm::rs512},
    {"PS256", Algorithm::ps256},
    {"PS384", Algorithm::ps384},
    {"PS512", Algorithm::ps512},
    {"ES256", Algorithm::es256},
    {"ES384", Algorithm::es384},
    {"ES512", Algorithm::es512},
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
  return alg == Algorithm::es256 || alg == Algorithm::es384 || alg == Algorithm::es512;
}

std::string_view curve_of(Algorithm alg) {
  switch (alg) {
    case Algorithm::es256:
      return "P-256";
    case Algorithm::es384:
      return "P-384";
    case Algorithm::es512:
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
  static const FetchedDigests kDigests;
  switch (alg) {
    case Algorithm::rs256:
    case Algorithm::ps256:
    case Algorithm::es256:
      return kDigests.sha256;
    case Algorithm::rs384:
    case Algorithm::ps384:
    case Algorithm::es384:
      return kDigests.sha384;
    default:
      return kDigests.sha512;
  }
}

}  // namespace gateway::auth
