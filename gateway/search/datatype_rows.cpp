// Datatype to index rows: CodeableConcept, Coding, Identifier, ContactPoint and primitives as
// tokens; HumanName and Address parts as strings; dates, Period and Timing as ranges;
// Reference and canonical as references; uri; numbers, Quantity and Range.
#include "search/datatype_rows.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include "fhir/name_folding.hpp"
#include "search/date_range.hpp"

namespace gateway::search {
namespace {

using nlohmann::json;

constexpr std::int64_t kOpenLow = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kOpenHigh = std::numeric_limits<std::int64_t>::max();

std::string text_of(const json& value, const char* key) {
  if (!value.is_object()) return {};
  auto it = value.find(key);
  return it != value.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool has(const json& value, const char* key) { return value.is_object() && value.contains(key); }

bool is_contact_point_system(std::string_view system) {
  constexpr std::array<std::string_view, 7> kSystems{"phone", "fax", "email", "pager",
                                                     "url",   "sms", "other"};
  return std::find(kSystems.begin(), kSystems.end(), system) != kSystems.end();
}

// The datatype of a value the engine could not type, by its shape.
std::string_view shape_type(const json& value) {
  if (value.is_string()) return "string";
  if (value.is_boolean()) return "boolean";
  if (value.is_number()) return "decimal";
  if (!value.is_object()) return {};
  if (has(value, "coding")) return "CodeableConcept";
  if (has(value, "reference")) return "Reference";
  if (has(value, "family") || has(value, "given")) return "HumanName";
  if (has(value, "line") || has(value, "city") || has(value, "postalCode")) return "Address";
  if (has(value, "start") || has(value, "end")) return "Period";
  if (has(value, "event") || has(value, "repeat")) return "Timing";
  if (has(value, "low") || has(value, "high")) return "Range";
  if (has(value, "value") && value["value"].is_number()) return "Quantity";
  if (has(value, "value") && is_contact_point_system(text_of(value, "system"))) {
    return "ContactPoint";
  }
  if (has(value, "value")) return "Identifier";
  if (has(value, "code") || has(value, "system")) return "Coding";
  if (has(value, "identifier")) return "Reference";
  if (has(value, "text")) return "CodeableConcept";
  return {};
}

bool is_string_primitive(std::string_view type) {
  return type == "string" || type == "code" || type == "id" || type == "markdown" ||
         type == "uri" || type == "url" || type == "canonical" || type == "oid" || type == "uuid" ||
         type == "String" || type == "base64Binary";
}

bool is_date_primitive(std::string_view type) {
  return type == "date" || type == "dateTime" || type == "instant" || type == "Date" ||
         type == "DateTime";
}

void add_token(const SearchParameter& param, std::string system, std::string code,
               std::string of_type, storage::IndexValues& out) {
  if (system.empty() && code.empty()) return;
  out.tokens.push_back({param.code, std::move(system), std::move(code), std::move(of_type)});
}

void add_coding(const SearchParameter& param, const json& coding, storage::IndexValues& out) {
  add_token(param, text_of(coding, "system"), text_of(coding, "code"), {}, out);
}

void token_rows(const SearchParameter& param, std::string_view type, const json& value,
                storage::IndexValues& out) {
  if (type == "CodeableConcept") {
    if (auto codings = value.find("coding"); codings != value.end() && codings->is_array()) {
      for (const auto& coding : *codings) add_coding(param, coding, out);
    }
  } else if (type == "Coding") {
    add_coding(param, value, out);
  } else if (type == "Identifier") {
    std::string of_type;
    if (auto id_type = value.find("type"); id_type != value.end() && id_type->is_object()) {
      if (auto codings = id_type->find("coding");
          codings != id_type->end() && codings->is_array()) {
        for (const auto& coding : *codings) {
          if (!text_of(coding, "code").empty()) {
            of_type = text_of(coding, "system") + "|" + text_of(coding, "code");
            break;
          }
        }
      }
    }
    add_token(param, text_of(value, "system"), text_of(value, "value"), std::move(of_type), out);
  } else if (type == "ContactPoint") {
    add_token(param, text_of(value, "system"), text_of(value, "value"), {}, out);
  } else if (value.is_boolean()) {
    add_token(param, {}, value.get<bool>() ? "true" : "false", {}, out);
  } else if (value.is_string()) {
    add_token(param, {}, value.get<std::string>(), {}, out);
  }
}

void add_string(const SearchParameter& param, const std::string& text, storage::IndexValues& out) {
  if (text.empty()) return;
  out.strings.push_back({param.code, fhir::fold_name(text), text});
}

void add_strings_of(const SearchParameter& param, const json& value, const char* key,
                    storage::IndexValues& out) {
  auto it = value.find(key);
  if (it == value.end()) return;
  if (it->is_string()) add_string(param, it->get<std::string>(), out);
  if (it->is_array()) {
    for (const auto& part : *it) {
      if (part.is_string()) add_string(param, part.get<std::string>(), out);
    }
  }
}

void string_rows(const SearchParameter& param, std::string_view type, const json& value,
                 storage::IndexValues& out) {
  if (value.is_string()) {
    add_string(param, value.get<std::string>(), out);
  } else if (type == "HumanName") {
    for (const char* key : {"text", "family", "given", "prefix", "suffix"}) {
      add_strings_of(param, value, key, out);
    }
  } else if (type == "Address") {
    for (const char* key : {"text", "line", "city", "district", "state", "postalCode", "country"}) {
      add_strings_of(param, value, key, out);
    }
  }
}

void add_date(const SearchParameter& param, std::int64_t low, std::int64_t high,
              storage::IndexValues& out) {
  out.dates.push_back({param.code, low, high});
}

// The [low, high] of a Period; nullopt when neither end is a date.
std::optional<DateRange> period_range(const json& period) {
  auto start = parse_date_range(text_of(period, "start"));
  auto end = parse_date_range(text_of(period, "end"));
  if (!start && !end) return std::nullopt;
  return DateRange{start ? start->low : kOpenLow, end ? end->high : kOpenHigh};
}

void date_rows(const SearchParameter& param, std::string_view type, const json& value,
               storage::IndexValues& out) {
  if (value.is_string()) {
    if (auto range = parse_date_range(value.get<std::string>())) {
      add_date(param, range->low, range->high, out);
    }
  } else if (type == "Period") {
    if (auto range = period_range(value)) add_date(param, range->low, range->high, out);
  } else if (type == "Timing") {
    // From the first event (or the repeat bounds) to the last.
    std::optional<DateRange> span;
    auto widen = [&](const DateRange& r) {
      span = span ? DateRange{std::min(span->low, r.low), std::max(span->high, r.high)} : r;
    };
    if (auto events = value.find("event"); events != value.end() && events->is_array()) {
      for (const auto& event : *events) {
        if (!event.is_string()) continue;
        if (auto range = parse_date_range(event.get<std::string>())) widen(*range);
      }
    }
    if (auto repeat = value.find("repeat"); repeat != value.end() && repeat->is_object()) {
      if (auto bounds = repeat->find("boundsPeriod"); bounds != repeat->end()) {
        if (auto range = period_range(*bounds)) widen(*range);
      }
    }
    if (span) add_date(param, span->low, span->high, out);
  }
}

// "Type/id" or "Type/id/_history/v" to its type and id; false when it is neither.
bool split_relative(std::string_view reference, std::string& type, std::string& id) {
  if (auto history = reference.find("/_history/"); history != std::string_view::npos) {
    reference = reference.substr(0, history);
  }
  const std::size_t slash = reference.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == reference.size() ||
      reference.find('/', slash + 1) != std::string_view::npos || reference.front() < 'A' ||
      reference.front() > 'Z') {
    return false;
  }
  type = std::string(reference.substr(0, slash));
  id = std::string(reference.substr(slash + 1));
  return true;
}

void reference_rows(const SearchParameter& param, std::string_view type, const json& value,
                    std::string_view base_url, storage::IndexValues& out) {
  storage::ReferenceIndex row;
  row.param = param.code;
  std::string reference;
  if (value.is_string()) {
    reference = value.get<std::string>();  // canonical or uri
  } else if (type == "Reference" || value.is_object()) {
    reference = text_of(value, "reference");
    if (auto identifier = value.find("identifier");
        identifier != value.end() && identifier->is_object()) {
      row.identifier_system = text_of(*identifier, "system");
      row.identifier_value = text_of(*identifier, "value");
    }
  }
  if (reference.starts_with('#')) reference.clear();  // contained: not searchable by itself
  if (!reference.empty()) {
    std::string_view rest = reference;
    const std::string own = std::string(base_url) + "/";
    const bool ours = !base_url.empty() && rest.starts_with(own);
    if (ours) rest.remove_prefix(own.size());
    const bool absolute = rest.find("://") != std::string_view::npos || rest.starts_with("urn:");
    if (absolute || !split_relative(rest, row.target_type, row.target_id)) {
      row.url = reference;
    }
  }
  if (row.target_id.empty() && row.url.empty() && row.identifier_value.empty()) return;
  out.references.push_back(std::move(row));
}

void number_rows(const SearchParameter& param, std::string_view type, const json& value,
                 storage::IndexValues& out) {
  if (value.is_number()) {
    const double number = value.get<double>();
    out.numbers.push_back({param.code, number, number, {}, {}});
    return;
  }
  if (!value.is_object()) return;
  auto quantity_value = [](const json& q) -> std::optional<double> {
    auto it = q.find("value");
    if (it == q.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
  };
  auto unit_code = [&](const json& q) {
    std::string code = text_of(q, "code");
    return code.empty() ? text_of(q, "unit") : code;
  };
  if (type == "Range") {
    const json low = value.value("low", json::object());
    const json high = value.value("high", json::object());
    auto from = quantity_value(low);
    auto to = quantity_value(high);
    if (!from && !to) return;
    const json& unit = from ? low : high;
    out.numbers.push_back({param.code, from.value_or(-std::numeric_limits<double>::infinity()),
                           to.value_or(std::numeric_limits<double>::infinity()),
                           text_of(unit, "system"), unit_code(unit)});
    return;
  }
  if (auto number = quantity_value(value)) {
    out.numbers.push_back(
        {param.code, *number, *number, text_of(value, "system"), unit_code(value)});
  }
}

}  // namespace

void add_rows(const SearchParameter& param, std::string_view fhir_type, const json& value,
              std::string_view base_url, storage::IndexValues& out) {
  std::string_view type = fhir_type;
  if (type.empty() || type == "BackboneElement" || type == "Element") type = shape_type(value);
  switch (param.type) {
    case ParamType::token:
      token_rows(param, type, value, out);
      break;
    case ParamType::string:
      string_rows(param, type, value, out);
      break;
    case ParamType::date:
      if (value.is_string() && !is_date_primitive(type) && !is_string_primitive(type)) break;
      date_rows(param, type, value, out);
      break;
    case ParamType::reference:
      reference_rows(param, type, value, base_url, out);
      break;
    case ParamType::uri:
      if (value.is_string()) out.uris.push_back({param.code, value.get<std::string>()});
      break;
    case ParamType::number:
    case ParamType::quantity:
      number_rows(param, type, value, out);
      break;
    case ParamType::composite:
    case ParamType::special:
      break;
  }
}

}  // namespace gateway::search
