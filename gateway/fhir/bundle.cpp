// Bundle.searchset serialisation.
#include "fhir/bundle.hpp"

#include "ops/json_string.hpp"

namespace gateway::fhir {
namespace {

void append_link(std::string& out, std::string_view relation, const std::string& url) {
  out += R"({"relation":")";
  out += relation;
  out += R"(","url":)";
  ops::append_json_string(out, url);
  out += "}";
}

void close_entry(std::string& out, std::string_view resource, std::string_view mode) {
  out += resource;
  out += R"(,"search":{"mode":")";
  out += mode;
  out += "\"}}";
}

}  // namespace

SearchsetWriter::SearchsetWriter(std::string_view base_url, std::optional<std::size_t> total,
                                 const SearchsetLinks& links, std::size_t expected_bytes) {
  out_.reserve(expected_bytes + 512);
  out_ += R"({"resourceType":"Bundle","type":"searchset")";
  if (total) out_ += ",\"total\":" + std::to_string(*total);
  out_ += ",\"link\":[";
  append_link(out_, "self", links.self);
  if (links.next) {
    out_ += ',';
    append_link(out_, "next", *links.next);
  }
  if (links.previous) {
    out_ += ',';
    append_link(out_, "previous", *links.previous);
  }
  out_ += ']';
  ops::append_json_string(full_url_start_, base_url);
  full_url_start_.pop_back();  // the closing quote comes after the id
}

void SearchsetWriter::open_entry() {
  out_ += has_entries_ ? "," : ",\"entry\":[";
  has_entries_ = true;
}

void SearchsetWriter::add(std::string_view type, std::string_view id, std::string_view resource,
                          std::string_view mode) {
  open_entry();
  out_ += "{\"fullUrl\":";
  out_ += full_url_start_;
  out_ += '/';
  out_ += type;
  out_ += '/';
  out_ += id;
  out_ += "\",\"resource\":";
  close_entry(out_, resource, mode);
}

void SearchsetWriter::add_outcome(std::string_view outcome) {
  open_entry();
  out_ += "{\"resource\":";
  close_entry(out_, outcome, "outcome");
}

std::string SearchsetWriter::finish() && {
  if (has_entries_) out_ += ']';
  out_ += '}';
  return std::move(out_);
}

}  // namespace gateway::fhir
