// The operations a Transaction collects before commit, as plain values an adapter's writer
// applies in order (the buffered form of Transaction::put, remove, put_if_none_exist and
// expunge).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "storage/resource_store.hpp"

namespace gateway::storage::sql {

struct PutOperation {
  ResourceWrite write;
};
struct RemoveOperation {
  std::string type;
  std::string id;
  std::optional<std::int64_t> expected_version;
};
struct ConditionalPutOperation {
  SearchQuery condition;
  ResourceWrite write;
};
struct ExpungeOperation {
  std::string type;
  std::string id;
};

using WriteOperation =
    std::variant<PutOperation, RemoveOperation, ConditionalPutOperation, ExpungeOperation>;

}  // namespace gateway::storage::sql
