// Streaming, namespace-tolerant XML reader over expat that reports elements by local name.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "medication/fest/byte_source.hpp"
#include "medication/fest/import_error.hpp"

namespace gateway::medication {

// The kith attributes of an element (CS/CV/PQ/MO/URL: V, S, DN, OT, U); empty when absent.
struct KithAttributes {
  std::string v, s, dn, ot, u;
  bool has_v = false;
};

// What the content handler gets when an element closes. `attributes` are the element's own
// (empty for elements that had child elements); `text` is its trimmed character data.
struct ElementContent {
  std::string_view text;
  const KithAttributes& attributes;
};

struct HandlerError {
  std::string message;
};

enum class ElementAction { enter, skip };

class XmlContentHandler {
 public:
  virtual ~XmlContentHandler() = default;
  // skip drops the element and its whole subtree.
  virtual std::variant<ElementAction, HandlerError> start_element(std::string_view local_name) = 0;
  virtual std::optional<HandlerError> end_element(std::string_view local_name,
                                                  const ElementContent& content) = 0;
};

using ProgressCallback = std::function<void(std::uint64_t bytes_read, std::uint64_t total_bytes)>;

// Parses the whole source. DTDs (and so entity declarations) and external entities are refused.
std::optional<ImportError> read_xml(ByteSource& source, XmlContentHandler& handler,
                                    const ProgressCallback& progress);

}  // namespace gateway::medication
