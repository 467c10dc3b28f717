// The asymmetric JWS algorithms the gateway can verify; `none` and HS* have no value here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct evp_md_st;  // OpenSSL's EVP_MD

namespace gateway::auth {

enum class Algorithm { rs256, rs384, rs512, ps256, ps384, ps512, es256, es384, es512 };

std::optional<Algorithm> parse_algorithm(std::string_view name);  // exact, case-sensitive
std::string_view algorithm_name(Algorithm alg);
bool is_ecdsa(Algorithm alg);
// The hash of the algorithm: SHA-256, -384 or -512.
const evp_md_st* digest_of(Algorithm alg);
// "P-256" for ES256 etc.; empty for RSA algorithms.
std::string_view curve_of(Algorithm alg);

// Parses "RS256 PS256" or "RS256,PS256"; nullopt if a name is unknown or the list is empty.
std::optional<std::vector<Algorithm>> parse_algorithm_list(std::string_view text);
std::string algorithm_list_text(const std::vector<Algorithm>& algs);  // "ES256 RS256"

}  // namespace gateway::auth
