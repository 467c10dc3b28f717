// JWS compact splitting and decoding, and one-off signature verification.
#include "auth/jws.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "auth/base64url.hpp"
#include "auth/signature_verifier.hpp"

namespace gateway::auth {

using nlohmann::json;

std::size_t count_segments(std::string_view compact) {
  return static_cast<std::size_t>(std::count(compact.begin(), compact.end(), '.'));
}

std::optional<json> parse_json_object(std::string_view text) {
  std::set<std::string> top_level_keys;
  bool duplicate = false;
  json::parser_callback_t reject_duplicates = [&](int depth, json::parse_event_t event,
                                                  json& parsed) {
    if (event == json::parse_event_t::key && depth == 1 &&
        !top_level_keys.insert(parsed.get<std::string>()).second) {
      duplicate = true;
    }
    return true;
  };
  json value = json::parse(text.begin(), text.end(), reject_duplicates, false);
  if (duplicate || value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

std::optional<JwsSegments> split_jws(std::string_view compact) {
  const std::size_t first = compact.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t second = compact.find('.', first + 1);
  if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  JwsSegments parts{compact.substr(0, first), compact.substr(first + 1, second - first - 1),
                    compact.substr(second + 1), compact.substr(0, second)};
  if (parts.header.empty() || parts.payload.empty() || parts.signature.empty()) {
    return std::nullopt;
  }
  return parts;
}

std::optional<DecodedJws> decode_jws(std::string_view compact) {
  const auto parts = split_jws(compact);
  if (!parts) return std::nullopt;
  const auto header_json = base64url_decode(parts->header);
  const auto payload_json = base64url_decode(parts->payload);
  auto signature = base64url_decode(parts->signature);
  if (!header_json || !payload_json || !signature) return std::nullopt;
  auto header = parse_json_object(*header_json);
  if (!header) return std::nullopt;
  auto payload = parse_json_object(*payload_json);
  if (!payload) return std::nullopt;
  return DecodedJws{std::move(*header), std::move(*payload), std::move(*signature),
                    parts->signing_input};
}

bool verify_signature(Algorithm alg, const PublicJwk& jwk, std::string_view signing_input,
                      std::string_view signature) {
  if (!jwk.key || !key_fits_algorithm(jwk, alg)) return false;
  const auto verifier = SignatureVerifier::prepare(alg, jwk.key);
  return verifier && verifier->verify(signing_input, signature);
}

std::optional<std::int64_t> numeric_date(const json& value) {
  if (value.is_number_unsigned()) {  // checked first: is_number_integer() covers it too
    const auto v = value.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return std::nullopt;
    return static_cast<std::int64_t>(v);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    const double v = value.get<double>();
    if (!std::isfinite(v) || v < -9.0e18 || v > 9.0e18) return std::nullopt;
    return static_cast<std::int64_t>(std::floor(v));
  }
  return std::nullopt;
}

std::optional<std::string> string_claim(const json& object, std::string_view name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace gateway::auth
