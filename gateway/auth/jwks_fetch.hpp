// Where the JWKS comes from: a local file, an https jwks_uri, or an https OpenID discovery
// document whose jwks_uri is followed (and whose issuer must match the configured one).
#pragma once

#include <string>

#include "auth/jwks_store.hpp"

namespace gateway::auth {

// `source` is a path (optionally "file://..."), or an https URL. A URL whose document has
// "jwks_uri" instead of "keys" is treated as a discovery document.
JwksFetcher make_jwks_fetcher(std::string source, std::string expected_issuer);

// GET over https only, with timeouts and a size cap; used by the fetcher above.
FetchResult https_get(const std::string& url);

}  // namespace gateway::auth
