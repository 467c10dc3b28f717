// The one background thread that keeps a JwksStore current, so that no request ever waits on
// the issuer: it fetches at once (after a period if the store is loaded already), then every
// `period` (every `retry` after a failed fetch), and early when a lookup has scheduled a
// refresh. The destructor stops it, aborting a fetch
// in flight, and joins it.
#pragma once

#include <chrono>
#include <functional>
#include <stop_token>
#include <thread>

#include "auth/failure.hpp"
#include "auth/jwks_store.hpp"

namespace gateway::auth {

class KeyRefresher {
 public:
  using FetchObserver = std::function<void(const Status& fetched)>;  // after each fetch

  // `store` must outlive the refresher.
  KeyRefresher(JwksStore& store, std::chrono::milliseconds period, std::chrono::milliseconds retry,
               FetchObserver observer = {});
  KeyRefresher(const KeyRefresher&) = delete;
  KeyRefresher& operator=(const KeyRefresher&) = delete;

 private:
  void run(std::stop_token stop);

  JwksStore& store_;
  std::chrono::milliseconds period_;
  std::chrono::milliseconds retry_;
  FetchObserver observer_;
  std::jthread thread_;  // last: starts once the members above are set; stop + join on exit
};

}  // namespace gateway::auth
