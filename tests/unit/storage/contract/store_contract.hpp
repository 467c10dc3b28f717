// The contract every ResourceStore adapter satisfies, as typed GoogleTest suites over a
// store factory (see store_contract_support.hpp for what a factory is). An adapter's test
// file includes this header and instantiates all suites at once, at namespace scope:
//
//   INSTANTIATE_STORE_CONTRACT(Sqlite, SqliteStoreFactory);
#pragma once

#include "store_contract_concurrency.hpp"
#include "store_contract_crud.hpp"
#include "store_contract_search.hpp"

#define INSTANTIATE_STORE_CONTRACT(Prefix, Factory)                          \
  namespace gateway::storage::contract {                                     \
  INSTANTIATE_TYPED_TEST_SUITE_P(Prefix, StoreCrudContract, Factory);        \
  INSTANTIATE_TYPED_TEST_SUITE_P(Prefix, StoreSearchContract, Factory);      \
  INSTANTIATE_TYPED_TEST_SUITE_P(Prefix, StoreConcurrencyContract, Factory); \
  }
