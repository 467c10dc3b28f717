// JWS compact decoding and signature verification with OpenSSL EVP_DigestVerify.
#include "auth/jws.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <openssl/ecdsa.h>
#include <openssl/rsa.h>

#include "auth/base64url.hpp"

namespace gateway::auth {
namespace {

using nlohmann::json;

std::size_t ecdsa_coordinate_bytes(Algorithm alg) {
  switch (alg) {
    case Algorithm::es256:
      return 32;
    case Algorithm::es384:
      return 48;
    default:
      return 66;
  }
}

}  // namespace

bool is_pss(Algorithm alg) {
  return alg == Algorithm::ps256 || alg == Algorithm::ps384 || alg == Algorithm::ps512;
}

bool set_rsa_padding(EVP_PKEY_CTX* ctx, Algorithm alg) {
  if (is_ecdsa(alg)) return true;
  if (is_pss(alg)) {
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) > 0 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) > 0;
  }
  return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0;
}

// RFC 7518 §3.4: the JWS signature is r||s, OpenSSL wants DER.
std::optional<std::string> raw_ecdsa_to_der(Algorithm alg, std::string_view raw) {
  const std::size_t half = ecdsa_coordinate_bytes(alg);
  if (raw.size() != 2 * half) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  BignumPtr r(BN_bin2bn(bytes, static_cast<int>(half), nullptr));
  BignumPtr s(BN_bin2bn(bytes + half, static_cast<int>(half), nullptr));
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig || !ECDSA_SIG_set0(sig.get(), r.get(), s.get())) return std::nullopt;
  r.release();  // owned by sig now
  s.release();
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

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

std::optional<DecodedJws> decode_jws(std::string_view compact) {
  const std::size_t first = compact.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t second = compact.find('.', first + 1);
  if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view header_text = compact.substr(0, first);
  const std::string_view payload_text = compact.substr(first + 1, second - first - 1);
  const std::string_view signature_text = compact.substr(second + 1);
  if (header_text.empty() || payload_text.empty() || signature_text.empty()) return std::nullopt;

  const auto header_json = base64url_decode(header_text);
  const auto payload_json = base64url_decode(payload_text);
  auto signature = base64url_decode(signature_text);
  if (!header_json || !payload_json || !signature) return std::nullopt;
  auto header = parse_json_object(*header_json);
  if (!header) return std::nullopt;
  auto payload = parse_json_object(*payload_json);
  if (!payload) return std::nullopt;
  return DecodedJws{std::move(*header), std::move(*payload), std::move(*signature),
                    compact.substr(0, second)};
}

bool verify_signature(Algorithm alg, const PublicJwk& jwk, std::string_view signing_input,
                      std::string_view signature) {
  if (!jwk.key || !key_fits_algorithm(jwk, alg)) return false;
  std::string der;
  if (is_ecdsa(alg)) {
    auto converted = raw_ecdsa_to_der(alg, signature);
    if (!converted) return false;
    der = std::move(*converted);
    signature = der;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, digest_of(alg), nullptr, jwk.key.get()) <= 0 ||
      !set_rsa_padding(pctx, alg)) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(),
                          reinterpret_cast<const unsigned char*>(signing_input.data()),
                          signing_input.size()) == 1;
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
