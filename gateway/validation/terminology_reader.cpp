// A SAX handler that builds a DOM of the kept members only: a member whose name is not kept is
// skipped with everything below it, so its strings and objects are never allocated.
#include "validation/terminology_reader.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <string_view>
#include <system_error>
#include <vector>

namespace gateway::validation {

namespace {

using Json = nlohmann::json;

// Every member name read at any depth of a CodeSystem or ValueSet; the members below a member
// that is not kept are never looked at, so a name here is only kept where its parent is.
constexpr std::array<std::string_view, 26> kKept = {"abstract",
                                                    "caseSensitive",
                                                    "code",
                                                    "compose",
                                                    "concept",
                                                    "contains",
                                                    "content",
                                                    "exclude",
                                                    "expansion",
                                                    "filter",
                                                    "hierarchyMeaning",
                                                    "include",
                                                    "offset",
                                                    "op",
                                                    "property",
                                                    "resourceType",
                                                    "supplements",
                                                    "system",
                                                    "total",
                                                    "url",
                                                    "value",
                                                    "valueBoolean",
                                                    "valueCode",
                                                    "valueInteger",
                                                    "valueSet",
                                                    "valueString"};

bool kept(std::string_view name) {
  return std::find(kKept.begin(), kKept.end(), name) != kKept.end();
}

class PrunedDom final : public nlohmann::json_sax<Json> {
 public:
  Json result;
  std::string error;

  bool null() override { return put(Json(nullptr)); }
  bool boolean(bool value) override { return put(Json(value)); }
  bool number_integer(number_integer_t value) override { return put(Json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return put(Json(value)); }
  bool number_float(number_float_t value, const string_t&) override { return put(Json(value)); }
  bool string(string_t& value) override { return put(Json(std::move(value))); }
  bool binary(binary_t&) override { return put(Json()); }

  bool start_object(std::size_t) override { return open(Json::object()); }
  bool start_array(std::size_t) override { return open(Json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& name) override {
    if (skipping_ == 0) {
      if (kept(name)) {
        key_ = std::move(name);
        skip_next_ = false;
      } else {
        skip_next_ = true;
      }
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& cause) override {
    error = "invalid JSON at byte " + std::to_string(position) + ": " + cause.what();
    return false;
  }

 private:
  // Whether the value about to come is skipped: inside a skipped container, or the value of a
  // member that is not kept.
  bool skip_value() {
    if (skipping_ > 0) return true;
    if (!stack_.empty() && stack_.back()->is_object() && skip_next_) return true;
    return false;
  }

  Json* place(Json value) {
    if (stack_.empty()) {
      result = std::move(value);
      return &result;
    }
    Json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    Json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }

  bool put(Json value) {
    if (!skip_value()) place(std::move(value));
    return true;
  }

  bool open(Json container) {
    if (skip_value()) {
      ++skipping_;
      return true;
    }
    stack_.push_back(place(std::move(container)));
    return true;
  }

  bool close() {
    if (skipping_ > 0) {
      --skipping_;
    } else {
      stack_.pop_back();
    }
    return true;
  }

  std::vector<Json*> stack_;
  std::string key_;
  bool skip_next_ = false;
  int skipping_ = 0;  // depth inside a skipped container
};

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

Result<nlohmann::json, std::string> read_terminology_json(const std::filesystem::path& file) {
  std::unique_ptr<std::FILE, FileCloser> in(std::fopen(file.c_str(), "rb"));
  if (!in) return std::string(file.string() + ": cannot open");
  std::error_code size_error;
  const auto size = std::filesystem::file_size(file, size_error);
  if (size_error) return std::string(file.string() + ": " + size_error.message());
  std::string text(size, '\0');
  if (std::fread(text.data(), 1, text.size(), in.get()) != text.size()) {
    return std::string(file.string() + ": cannot read");
  }
  PrunedDom dom;
  if (!Json::sax_parse(text, &dom) || !dom.error.empty()) {
    return std::string(file.string() + ": " + (dom.error.empty() ? "invalid JSON" : dom.error));
  }
  return std::move(dom.result);
}

}  // namespace gateway::validation
