// The SAX handler behind read_flat_json.
#include "auth/flat_json.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <nlohmann/json.hpp>

namespace gateway::auth {
namespace {

using nlohmann::json;

std::optional<std::int64_t> floored(double value) {
  if (!std::isfinite(value) || value < -9.0e18 || value > 9.0e18) return std::nullopt;
  return static_cast<std::int64_t>(std::floor(value));
}

class FlatSax {
 public:
  explicit FlatSax(const FlatJsonShape& shape) : shape_(shape) {}

  bool null() { return scalar(); }
  bool boolean(bool /*value*/) { return scalar(); }
  bool number_integer(json::number_integer_t value) { return number(value); }
  bool number_unsigned(json::number_unsigned_t value) {
    if (value > static_cast<json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max())) {
      return scalar();
    }
    return number(static_cast<std::int64_t>(value));
  }
  bool number_float(json::number_float_t value, const json::string_t& /*raw*/) {
    const auto whole = floored(value);
    return whole ? number(*whole) : scalar();
  }
  bool string(json::string_t& value) {
    if (const JsonSlot* slot = current(); slot && slot->text) *slot->text = std::move(value);
    return scalar();
  }
  bool binary(json::binary_t& /*value*/) { return scalar(); }

  bool start_object(std::size_t /*elements*/) {
    ++depth_;
    if (depth_ == 1) {
      seen_top_.clear();
    } else if (depth_ == 2 && in_nested_member()) {
      in_nested_ = true;
      seen_nested_.clear();
      if (shape_.nested_is_object) *shape_.nested_is_object = true;
    }
    return true;
  }
  bool end_object() {
    if (depth_ == 2) in_nested_ = false;
    --depth_;
    return true;
  }
  bool start_array(std::size_t /*elements*/) {
    if (depth_ == 0) return false;  // the document must be an object
    ++depth_;
    return true;
  }
  bool end_array() {
    --depth_;
    return true;
  }
  bool key(json::string_t& name) {
    if (depth_ == 1) {
      key_ = std::move(name);
      return remember(seen_top_, key_) && mark_present(shape_.members);
    }
    if (depth_ == 2 && in_nested_) {
      nested_key_ = std::move(name);
      return remember(seen_nested_, nested_key_) && mark_present(shape_.nested_members);
    }
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& /*error*/) {
    return false;
  }

 private:
  bool in_nested_member() const { return !shape_.nested.empty() && key_ == shape_.nested; }

  static bool remember(std::vector<std::string>& seen, const std::string& name) {
    for (const std::string& earlier : seen) {
      if (earlier == name) return false;
    }
    seen.push_back(name);
    return true;
  }

  bool mark_present(std::span<const JsonSlot> slots) const {
    if (const JsonSlot* slot = find(slots); slot && slot->present) *slot->present = true;
    return true;
  }

  const JsonSlot* find(std::span<const JsonSlot> slots) const {
    const std::string& name = depth_ == 1 ? key_ : nested_key_;
    for (const JsonSlot& slot : slots) {
      if (slot.name == name) return &slot;
    }
    return nullptr;
  }

  // The slot a scalar value at the current position belongs to, if any.
  const JsonSlot* current() const {
    if (depth_ == 1) return find(shape_.members);
    if (depth_ == 2 && in_nested_) return find(shape_.nested_members);
    return nullptr;
  }

  bool scalar() const { return depth_ > 0; }

  bool number(std::int64_t value) {
    if (const JsonSlot* slot = current(); slot && slot->number) *slot->number = value;
    return scalar();
  }

  const FlatJsonShape& shape_;
  int depth_ = 0;
  bool in_nested_ = false;
  std::string key_;
  std::string nested_key_;
  std::vector<std::string> seen_top_;
  std::vector<std::string> seen_nested_;
};

}  // namespace

bool read_flat_json(std::string_view text, const FlatJsonShape& shape) {
  FlatSax sax(shape);
  // strict: nothing may follow the object.
  return json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, true);
}

}  // namespace gateway::auth
