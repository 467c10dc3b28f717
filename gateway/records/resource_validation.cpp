// The write-side use of the validator: which issues refuse a write, and where they point.
#include "records/resource_validation.hpp"

#include "records/version_response.hpp"
#include "validation/validator.hpp"

namespace gateway::records {

bool strict_handling(const fhir::Request& request) {
  return prefer_token(request, "handling=strict");
}

fhir::Result<std::vector<fhir::Issue>> validate_for_write(const RecordsContext& records,
                                                          const fhir::Json& resource, bool strict,
                                                          std::string_view location) {
  std::vector<fhir::Issue> issues = records.validator.validate(resource);
  if (!location.empty()) {
    const std::string type = resource.value("resourceType", "");
    for (fhir::Issue& issue : issues) {
      if (issue.expression.starts_with(type)) {
        issue.expression = std::string(location) + issue.expression.substr(type.size());
      }
    }
  }
  const bool refused = validation::has_errors(issues) || (strict && !issues.empty());
  if (!refused) return issues;
  fhir::Error error = fhir::make_error(fhir::ErrorKind::unprocessable, "");
  for (fhir::Issue& issue : issues) {
    // under strict handling a warning refuses the write like an error
    std::string severity = issue.severity == "warning" && strict ? "error" : issue.severity;
    error.more.push_back({std::move(issue.diagnostics), std::move(issue.expression),
                          std::move(severity), std::move(issue.code)});
  }
  return error;
}

}  // namespace gateway::records
