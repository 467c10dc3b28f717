// Exchange + context -> ops::AccessLogEntry (views into the context; nothing copied).
#include "app/access_log.hpp"

#include "auth/principal.hpp"

namespace gateway::app {

void log_access(ops::Logger& logger, const http::Exchange& exchange) {
  const fhir::RequestContext& context = exchange.context;
  ops::AccessLogEntry entry{context.request_id, exchange.method,      context.route_template(),
                            exchange.status,    exchange.duration_us, exchange.bytes};
  if (const auth::Principal* principal = context.principal.get()) {
    entry.client_id = principal->client_id;
    entry.orgnr_parent = principal->orgnr_parent;
    entry.orgnr_child = principal->orgnr_child;
    entry.hpr_number = principal->hpr_number;
  }
  logger.access(entry);
}

}  // namespace gateway::app
