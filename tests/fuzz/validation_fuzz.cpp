// libFuzzer target for the validator: the input is parsed as JSON (within the nesting limit
// the write path uses) and validated against the R4B definitions and our profiles, and it is
// also checked as narrative XHTML. Issues are fine; crashes, hangs and leaks are not.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include <nlohmann/json.hpp>

#include "validation/narrative_check.hpp"
#include "validation/validator.hpp"

namespace {

using namespace gateway;

std::shared_ptr<const validation::Validator> validator;  // set once by LLVMFuzzerInitialize

constexpr int kMaxDepth = 64;  // records::kMaxJsonDepth

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  const std::vector<std::string> stored{"AllergyIntolerance", "Condition", "DocumentReference",
                                        "Patient"};
  auto model = fhirpath::TypeModel::load(FHIR_CORE_PACKAGE, stored);
  if (!model) __builtin_trap();
  validation::ValidatorSources sources;
  sources.core_package_dir = FHIR_CORE_PACKAGE;
  sources.profile_dirs.push_back(GATEWAY_PROFILES_DIR);
  sources.eager_resources = stored;
  auto loaded = validation::Validator::load(
      sources, std::make_shared<const fhirpath::TypeModel>(std::move(*model)));
  if (!loaded) __builtin_trap();
  validator = std::move(*loaded);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)validation::narrative_problem(text);
  int depth = 0;
  bool too_deep = false;
  const nlohmann::json::parser_callback_t limit = [&](int level, nlohmann::json::parse_event_t,
                                                      nlohmann::json&) {
    depth = level;
    too_deep = too_deep || depth > kMaxDepth;
    return !too_deep;
  };
  const nlohmann::json resource = nlohmann::json::parse(text, limit, false);
  if (resource.is_discarded() || too_deep) return 0;
  (void)validator->validate(resource);
  return 0;
}
