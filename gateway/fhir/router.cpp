// Route matching: literal segments beat parameter segments; 405 lists the allowed methods.
#include "fhir/router.hpp"

#include <algorithm>

namespace gateway::fhir {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  if (!path.empty() && path.front() == '/') start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    parts.push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Number of literal segments; more literals means more specific.
int literal_score(const std::vector<std::string>& segments) {
  return static_cast<int>(std::count_if(segments.begin(), segments.end(),
                                        [](const std::string& s) { return !is_param(s); }));
}

}  // namespace

std::string_view RequestContext::route_template() const {
  return route ? std::string_view(route->pattern) : std::string_view("unmatched");
}

std::string_view access_name(Access access) {
  switch (access) {
    case Access::open:
      return "open";
    case Access::grunndata:
      return "grunndata";
    case Access::patient_data:
      return "patient-data";
    case Access::admin:
      return "admin";
    case Access::audit_log:
      return "audit-log";
    case Access::audit_admin:
      return "audit-admin";
    case Access::privacy:
      return "privacy";
  }
  return "open";
}

std::string describe_route(const Route& route) {
  std::string line = route.method;
  line.resize(std::max<std::size_t>(line.size() + 1, 7), ' ');
  line += route.pattern;
  line.resize(std::max<std::size_t>(line.size() + 1, 60), ' ');
  line += access_name(route.access);
  line.resize(std::max<std::size_t>(line.size() + 1, 74), ' ');
  line += interaction_code(route.interaction);
  line.resize(std::max<std::size_t>(line.size() + 1, 88), ' ');
  line += route.execution == Execution::worker_pool ? "worker" : "io";
  line += "  ";
  line += route.module;
  return line;
}

std::string_view interaction_code(Interaction interaction) {
  switch (interaction) {
    case Interaction::read:
      return "read";
    case Interaction::vread:
      return "vread";
    case Interaction::search_type:
      return "search-type";
    case Interaction::create:
      return "create";
    case Interaction::update:
      return "update";
    case Interaction::patch:
      return "patch";
    case Interaction::delete_:
      return "delete";
    case Interaction::history_instance:
      return "history-instance";
    case Interaction::history_type:
      return "history-type";
    case Interaction::transaction:
      return "transaction";
    case Interaction::capabilities:
      return "capabilities";
    case Interaction::operation:
      return "operation";
    case Interaction::other:
      return "other";
  }
  return "other";
}

void Router::add(Route route) {
  std::vector<std::string> segments;
  for (auto s : split_path(route.pattern)) segments.emplace_back(s);
  segments_.push_back(std::move(segments));
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  const auto parts = split_path(path);
  int best_score = -1;
  std::vector<std::string_view> allowed;
  int best_path_score = -1;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto& segments = segments_[i];
    if (segments.size() != parts.size()) continue;
    bool matches = true;
    for (std::size_t k = 0; k < parts.size() && matches; ++k) {
      matches = is_param(segments[k]) ? !parts[k].empty() : segments[k] == parts[k];
    }
    if (!matches) continue;
    const int score = literal_score(segments);
    if (routes_[i].method != method) {
      if (score > best_path_score) {
        best_path_score = score;
        allowed.clear();
      }
      if (score == best_path_score) allowed.push_back(routes_[i].method);
      continue;
    }
    if (score <= best_score) continue;
    best_score = score;
    result.outcome = RouteMatch::Outcome::found;
    result.route = &routes_[i];
    result.route_index = i;
    result.path_params.clear();
    for (std::size_t k = 0; k < parts.size(); ++k) {
      if (is_param(segments[k])) {
        result.path_params.emplace_back(segments[k].substr(1, segments[k].size() - 2),
                                        std::string(parts[k]));
      }
    }
  }
  if (result.outcome == RouteMatch::Outcome::found) return result;
  if (!allowed.empty()) {
    std::sort(allowed.begin(), allowed.end());
    allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
    result.outcome = RouteMatch::Outcome::method_not_allowed;
    for (std::size_t k = 0; k < allowed.size(); ++k) {
      if (k) result.allow += ", ";
      result.allow += allowed[k];
    }
  }
  return result;
}

}  // namespace gateway::fhir
