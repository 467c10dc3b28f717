// The key refresher's loop.
#include "auth/key_refresher.hpp"

namespace gateway::auth {

KeyRefresher::KeyRefresher(JwksStore& store, std::chrono::milliseconds period,
                           std::chrono::milliseconds retry, FetchObserver observer)
    : store_(store),
      period_(period),
      retry_(retry),
      observer_(std::move(observer)),
      thread_([this](std::stop_token stop) { run(std::move(stop)); }) {}

void KeyRefresher::run(std::stop_token stop) {
  // A store that is loaded already (the application fetched once before serving) is not
  // fetched again at once: the first fetch waits a period, or a scheduled refresh.
  auto next = std::chrono::steady_clock::now();
  if (store_.loaded()) next += period_;
  while (true) {
    (void)store_.wait_for_scheduled_refresh(stop, next);
    if (stop.stop_requested()) return;
    const Status fetched = store_.refresh(stop);
    if (stop.stop_requested()) return;  // an aborted fetch is no result
    if (observer_) observer_(fetched);
    next = std::chrono::steady_clock::now() + (fetched ? period_ : retry_);
  }
}

}  // namespace gateway::auth
