// JWKS retrieval from files and over https with libcurl, bounded in time and abortable.
#include "auth/jwks_fetch.hpp"

#include <fstream>
#include <memory>
#include <sstream>

#include <curl/curl.h>

#include "auth/jws.hpp"

namespace gateway::auth {
namespace {

constexpr std::size_t kMaxDocumentBytes = 1 << 20;

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const std::size_t n = size * count;
  if (body->size() + n > kMaxDocumentBytes) return 0;  // aborts the transfer
  body->append(data, n);
  return n;
}

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

FetchResult read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, "cannot open JWKS file " + path};
  std::ostringstream text;
  text << in.rdbuf();
  return {text.str(), {}};
}

// Called by libcurl about once a second even while nothing arrives: non-zero aborts.
int abort_when_stopped(void* stop, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::stop_token*>(stop)->stop_requested() ? 1 : 0;
}

FetchResult fetch_url(const std::string& url, const std::string& expected_issuer,
                      std::chrono::milliseconds timeout, const std::stop_token& stop) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  FetchResult first = https_get(url, timeout, stop);
  if (!first.body) return first;
  const auto document = parse_json_object(*first.body);
  if (!document) return {std::nullopt, "document at " + url + " is not a JSON object"};
  if (document->contains("keys")) return first;
  const auto jwks_uri = string_claim(*document, "jwks_uri");
  if (!jwks_uri) return {std::nullopt, "document at " + url + " has neither keys nor jwks_uri"};
  if (string_claim(*document, "issuer") != expected_issuer) {
    return {std::nullopt, "discovery issuer differs from the configured issuer"};
  }
  return https_get(*jwks_uri,
                   std::chrono::duration_cast<std::chrono::milliseconds>(
                       deadline - std::chrono::steady_clock::now()),
                   stop);
}

}  // namespace

FetchResult https_get(const std::string& url, std::chrono::milliseconds timeout,
                      std::stop_token stop) {
  if (!starts_with(url, "https://")) return {std::nullopt, "only https URLs are fetched: " + url};
  if (timeout <= std::chrono::milliseconds::zero()) return {std::nullopt, url + ": no time left"};
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return {std::nullopt, "curl_easy_init failed"};
  std::string body;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl.get(), CURLOPT_XFERINFOFUNCTION, abort_when_stopped);
  curl_easy_setopt(curl.get(), CURLOPT_XFERINFODATA, &stop);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  const CURLcode code = curl_easy_perform(curl.get());
  if (code == CURLE_ABORTED_BY_CALLBACK) return {std::nullopt, url + ": stopped"};
  if (code != CURLE_OK) return {std::nullopt, url + ": " + curl_easy_strerror(code)};
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) return {std::nullopt, url + ": HTTP " + std::to_string(status)};
  return {std::move(body), {}};
}

JwksFetcher make_jwks_fetcher(std::string source, std::string expected_issuer,
                              std::chrono::milliseconds timeout) {
  if (starts_with(source, "https://")) {
    return [source = std::move(source), issuer = std::move(expected_issuer),
            timeout](std::stop_token stop) { return fetch_url(source, issuer, timeout, stop); };
  }
  if (starts_with(source, "file://")) source.erase(0, 7);
  return [path = std::move(source)](std::stop_token) { return read_file(path); };
}

}  // namespace gateway::auth
