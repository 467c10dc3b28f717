// The access log line of one exchange, read from its request context: route template,
// status, duration, bytes and who called (client, organisations, HPR number); never tokens
// or patient identifiers.
#pragma once

#include "http/handler.hpp"
#include "ops/logger.hpp"

namespace gateway::app {

void log_access(ops::Logger& logger, const http::Exchange& exchange);

}  // namespace gateway::app
