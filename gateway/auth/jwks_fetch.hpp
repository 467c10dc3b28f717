// Where the JWKS comes from: a local file, an https jwks_uri, or an https OpenID discovery
// document whose jwks_uri is followed (and whose issuer must match the configured one).
#pragma once

#include <chrono>
#include <stop_token>
#include <string>

#include "auth/jwks_store.hpp"

namespace gateway::auth {

// `source` is a path (optionally "file://..."), or an https URL. A URL whose document has
// "jwks_uri" instead of "keys" is treated as a discovery document. `timeout` bounds the whole
// fetch, discovery included.
JwksFetcher make_jwks_fetcher(std::string source, std::string expected_issuer,
                              std::chrono::milliseconds timeout);

// GET over https only, with a size cap; used by the fetcher above. Gives up after `timeout`,
// and within about a second once `stop` is requested.
FetchResult https_get(const std::string& url, std::chrono::milliseconds timeout,
                      std::stop_token stop = {});

}  // namespace gateway::auth
