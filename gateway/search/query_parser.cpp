// Walking the query parameters: result parameters, _has, chains and plain parameters, each
// problem collected as one issue named by its parameter.
#include "search/query_parser.hpp"

#include <memory>
#include <set>

#include "search/clause_builder.hpp"
#include "search/result_params.hpp"

namespace gateway::search {
namespace {

// A parameter name split into its parts: code[:modifier][.chain].
struct ParamName {
  std::string_view code;
  std::string_view modifier;
  std::string_view chain;
};

ParamName split_name(std::string_view name) {
  ParamName out;
  const std::size_t dot = name.find('.');
  const std::string_view head = name.substr(0, dot);
  if (dot != std::string_view::npos) out.chain = name.substr(dot + 1);
  const std::size_t colon = head.find(':');
  out.code = head.substr(0, colon);
  if (colon != std::string_view::npos) out.modifier = head.substr(colon + 1);
  return out;
}

storage::TotalMode to_store_total(fhir::TotalMode mode) {
  switch (mode) {
    case fhir::TotalMode::none:
      return storage::TotalMode::none;
    case fhir::TotalMode::estimate:
      return storage::TotalMode::estimate;
    case fhir::TotalMode::accurate:
      return storage::TotalMode::accurate;
  }
  return storage::TotalMode::none;
}

class Parser {
 public:
  Parser(const SearchRegistry& registry, const SearchInput& input)
      : registry_(registry), input_(input) {
    std::string_view base = input.base_url;
    while (base.ends_with('/')) base.remove_suffix(1);
    context_ = ClauseContext{base, input.now_ms};
    parsed_.query.type = input.type;
    parsed_.query.count = input.limits.default_count;
  }

  gateway::Result<ParsedSearch, SearchError> run() {
    if (!registry_.is_stored(input_.type)) {
      fail("type", "resources of type " + input_.type + " are not searchable", false);
      return SearchError{std::move(issues_)};
    }
    if (input_.params) {
      for (const auto& [name, value] : *input_.params) one_param(name, value);
    }
    if (!parsed_.shape.elements.empty() && parsed_.shape.summary != fhir::SummaryMode::none &&
        parsed_.shape.summary != fhir::SummaryMode::false_) {
      fail("_elements", "_elements cannot be combined with _summary", true);
    }
    if (summary_count_) {
      parsed_.query.count = 0;
      if (!total_given_) parsed_.query.total = storage::TotalMode::accurate;
    }
    if (!issues_.empty()) return SearchError{std::move(issues_)};
    return std::move(parsed_);
  }

 private:
  void fail(std::string_view name, std::string diagnostics, bool unsupported) {
    fhir::Issue issue;
    issue.code = unsupported ? "not-supported" : "invalid";
    issue.diagnostics = std::move(diagnostics);
    issue.expression = std::string(name);
    issues_.push_back(std::move(issue));
  }

  void unknown(std::string_view name, std::string diagnostics) {
    if (!input_.lenient) {
      fail(name, std::move(diagnostics), false);
      return;
    }
    fhir::Issue issue;
    issue.severity = "warning";
    issue.code = "not-supported";
    issue.diagnostics = std::move(diagnostics) + " (ignored)";
    issue.expression = std::string(name);
    parsed_.warnings.push_back(std::move(issue));
  }

  bool once(const std::string& name) {
    if (seen_.insert(name).second) return true;
    fail(name, name + " may be given once", false);
    return false;
  }

  void one_param(const std::string& name, const std::string& value) {
    if (name == "_format" || name == "_pretty") return;
    if (name == "_count" || name == "_summary" || name == "_elements" || name == "_total" ||
        name == "_page_token") {
      if (once(name)) common_param(name, value);
    } else if (name == "_sort") {
      if (!once(name)) return;
      auto keys = parse_sort(registry_, input_.type, value);
      if (keys) {
        parsed_.query.sort = std::move(*keys);
      } else {
        fail(name, keys.error(), false);
      }
    } else if (name == "_include" || name == "_revinclude") {
      auto include = parse_include(registry_, input_.type, value, name == "_revinclude");
      if (include) {
        parsed_.query.includes.push_back(std::move(*include));
      } else {
        fail(name, name + " " + include.error(), false);
      }
    } else if (name.starts_with("_include:") || name.starts_with("_revinclude:")) {
      fail(name, "include modifiers (:iterate) are not supported", true);
    } else if (name.starts_with("_has:")) {
      has_param(name, value);
    } else {
      search_param(name, value);
    }
  }

  void common_param(const std::string& name, const std::string& value) {
    auto common = fhir::parse_common_search_params({{name, value}}, input_.limits);
    if (!common) {
      fail(name, common.error().diagnostics, false);
      return;
    }
    if (name == "_count") {
      parsed_.query.count = common->count;
    } else if (name == "_summary") {
      parsed_.shape.summary = common->summary;
      summary_count_ = common->summary == fhir::SummaryMode::count;
    } else if (name == "_elements") {
      parsed_.shape.elements = std::move(common->elements);
    } else if (name == "_total") {
      parsed_.query.total = to_store_total(common->total);
      total_given_ = true;
    } else {
      parsed_.page_token = std::move(common->page_token);
    }
  }

  // The parameter of `type` named `code`, or a reported problem (unknown or unsupported).
  const SearchParameter* lookup(std::string_view name, std::string_view type,
                                std::string_view code) {
    const SearchParameter* param = registry_.find(type, code);
    if (param) return param;
    if (registry_.is_unsupported(type, code)) {
      if (input_.lenient) {
        unknown(name, "search parameter " + std::string(code) + " is not supported");
      } else {
        fail(name, "search parameter " + std::string(code) + " is not supported", true);
      }
    } else {
      unknown(name, "unknown search parameter " + std::string(code) + " for " + std::string(type));
    }
    return nullptr;
  }

  // The inner clause of a chain or _has: `inner_name` ("code[:modifier]") on `type`.
  std::optional<storage::Clause> inner_clause(std::string_view name, std::string_view type,
                                              std::string_view inner_name,
                                              const std::string& value) {
    const ParamName inner = split_name(inner_name);
    if (!inner.chain.empty() || inner.code.starts_with("_has")) {
      fail(name, "only one level of chaining is supported", true);
      return std::nullopt;
    }
    const SearchParameter* param = lookup(name, type, inner.code);
    if (!param) return std::nullopt;
    return clause(name, *param, inner.modifier, value);
  }

  std::optional<storage::Clause> clause(std::string_view name, const SearchParameter& param,
                                        std::string_view modifier, const std::string& value) {
    auto built = build_clause(context_, param, modifier, value);
    if (!built) {
      fail(name, built.error().diagnostics, built.error().unsupported);
      return std::nullopt;
    }
    return std::move(*built);
  }

  // The stored type a chain through `param` continues in: the :Type modifier, or the only
  // stored type among the parameter's targets.
  std::optional<std::string> chain_target(std::string_view name, const SearchParameter& param,
                                          std::string_view modifier) {
    if (!modifier.empty()) {
      const bool listed =
          param.targets.empty() ||
          std::find(param.targets.begin(), param.targets.end(), modifier) != param.targets.end();
      if (!listed || !registry_.is_stored(modifier)) {
        fail(name, "cannot chain through " + param.code + " to " + std::string(modifier), false);
        return std::nullopt;
      }
      return std::string(modifier);
    }
    std::vector<std::string> stored;
    for (const auto& target : param.targets) {
      if (registry_.is_stored(target)) stored.push_back(target);
    }
    if (stored.size() == 1) return stored.front();
    fail(name,
         stored.empty() ? param.code + " refers to no stored type"
                        : "name the target type to chain through " + param.code + " (e.g. " +
                              param.code + ":" + stored.front() + ".…)",
         false);
    return std::nullopt;
  }

  void search_param(const std::string& name, const std::string& value) {
    const ParamName parts = split_name(name);
    if (parts.code.empty() || name.ends_with(':') || name.ends_with('.')) {
      fail(name, "a parameter name is code[:modifier][.chained-code]", false);
      return;
    }
    const SearchParameter* param = lookup(name, input_.type, parts.code);
    if (!param) return;
    if (parts.chain.empty()) {
      if (auto built = clause(name, *param, parts.modifier, value)) {
        parsed_.query.clauses.push_back(std::move(*built));
      }
      return;
    }
    if (param->type != ParamType::reference) {
      fail(name, param->code + " is not a reference: it cannot be chained", false);
      return;
    }
    auto target = chain_target(name, *param, parts.modifier);
    if (!target) return;
    auto inner = inner_clause(name, *target, parts.chain, value);
    if (!inner) return;
    storage::ChainMatch chain;
    chain.target_type = *target;
    chain.logical_identifier = inner->param == "identifier" && !inner->missing && !inner->negate;
    chain.inner = std::make_shared<const storage::Clause>(std::move(*inner));
    storage::Clause outer;
    outer.param = param->code;
    outer.any_of.emplace_back(std::move(chain));
    parsed_.query.clauses.push_back(std::move(outer));
  }

  // _has:Type:param:inner[:modifier]=value
  void has_param(const std::string& name, const std::string& value) {
    std::string_view rest = std::string_view(name).substr(5);
    const std::size_t first = rest.find(':');
    const std::size_t second = first == std::string_view::npos ? first : rest.find(':', first + 1);
    if (second == std::string_view::npos) {
      fail(name, "_has takes _has:Type:referenceParam:param=value", false);
      return;
    }
    const std::string_view source = rest.substr(0, first);
    const std::string_view reference_code = rest.substr(first + 1, second - first - 1);
    const std::string_view inner_name = rest.substr(second + 1);
    if (!registry_.is_stored(source)) {
      fail(name, "no stored resource type " + std::string(source), false);
      return;
    }
    const SearchParameter* reference = registry_.find(source, reference_code);
    if (!reference || reference->type != ParamType::reference) {
      fail(name,
           std::string(reference_code) + " is not a reference parameter of " + std::string(source),
           false);
      return;
    }
    if (!reference->targets.empty() &&
        std::find(reference->targets.begin(), reference->targets.end(), input_.type) ==
            reference->targets.end()) {
      fail(name,
           std::string(reference_code) + " of " + std::string(source) + " does not refer to " +
               input_.type,
           false);
      return;
    }
    auto inner = inner_clause(name, source, inner_name, value);
    if (!inner) return;
    storage::HasMatch has;
    has.source_type = std::string(source);
    has.reference_param = reference->code;
    has.inner = std::make_shared<const storage::Clause>(std::move(*inner));
    storage::Clause clause;
    clause.param = "_has";
    clause.any_of.emplace_back(std::move(has));
    parsed_.query.clauses.push_back(std::move(clause));
  }

  const SearchRegistry& registry_;
  const SearchInput& input_;
  ClauseContext context_;
  ParsedSearch parsed_;
  std::vector<fhir::Issue> issues_;
  std::set<std::string> seen_;
  bool summary_count_ = false;
  bool total_given_ = false;
};

}  // namespace

gateway::Result<ParsedSearch, SearchError> parse_search(const SearchRegistry& registry,
                                                        const SearchInput& input) {
  return Parser(registry, input).run();
}

fhir::Response search_error_response(const SearchError& error) {
  return fhir::issues_response(fhir::ErrorKind::invalid_search_param, error.issues);
}

}  // namespace gateway::search
