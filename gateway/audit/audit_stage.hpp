// The pipeline's audit stage: one AuditEvent for every request to patient data, the access
// log or audit administration, refused ones included. An answer that may carry patient data
// leaves only once its record is durable; when the record cannot be written the answer is
// replaced by a 503 (fail closed). Refusals are queued without waiting.
#pragma once

#include <cstdint>

#include "audit/audit_queue.hpp"
#include "fhir/request_context.hpp"
#include "fhir/response.hpp"
#include "fhir/router.hpp"
#include "ops/metrics.hpp"

namespace gateway::audit {

// Patient data, the access log, audit administration and operations on stored resources.
bool is_audited(const fhir::Route& route);

class AuditStage {
 public:
  AuditStage(AuditQueue& queue, ops::MetricsRegistry& metrics);

  // `may_wait`: false on an I/O thread, where only a refusal is ever answered.
  fhir::Response operator()(const fhir::RequestContext& context, fhir::Response response,
                            bool may_wait) const;

 private:
  AuditQueue& queue_;
  ops::Counter& emergency_;
  ops::Counter& unrecorded_;
};

}  // namespace gateway::audit
