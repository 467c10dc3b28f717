// Validation cost per resource (issue 11: under 50 µs median for a typical 2-4 KB resource):
// official R4B examples without their narrative, and with it, against the core definitions
// and our profile; also the load of the definitions and the terminology.
#include <benchmark/benchmark.h>

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "validation/validator.hpp"

namespace {

using gateway::validation::Validator;
using nlohmann::json;

const std::vector<std::string> kStoredTypes{
    "AllergyIntolerance", "AuditEvent",        "Binary", "Condition", "Consent", "Device",
    "DeviceUseStatement", "DocumentReference", "Flag",   "List",      "Patient", "Procedure"};

std::shared_ptr<const Validator> load_validator() {
  auto model = gateway::fhirpath::TypeModel::load(FHIR_CORE_PACKAGE, kStoredTypes);
  if (!model) throw std::runtime_error(model.error().message);
  gateway::validation::ValidatorSources sources;
  sources.core_package_dir = FHIR_CORE_PACKAGE;
  sources.profile_dirs.push_back(GATEWAY_PROFILES_DIR);
  sources.eager_resources = kStoredTypes;
  auto loaded = Validator::load(
      sources, std::make_shared<const gateway::fhirpath::TypeModel>(std::move(*model)));
  if (!loaded) throw std::runtime_error(loaded.error());
  return *loaded;
}

const Validator& validator() {
  static const std::shared_ptr<const Validator> instance = load_validator();
  return *instance;
}

json example(const std::string& file, bool narrative) {
  std::ifstream in(std::string(FHIR_EXAMPLES_PACKAGE) + "/" + file);
  json resource = json::parse(in);
  if (!narrative) resource.erase("text");
  return resource;
}

void validate(benchmark::State& state, const std::string& file, bool narrative,
              const std::string& profile) {
  const json resource = example(file, narrative);
  const Validator& v = validator();
  state.SetLabel(std::to_string(resource.dump().size()) + " bytes");
  for (auto _ : state) {
    auto issues = v.validate(resource, profile);
    benchmark::DoNotOptimize(issues);
  }
}

void BM_AllergyIntolerance(benchmark::State& state) {
  validate(state, "AllergyIntolerance-example.json", false, "");
}
void BM_AllergyIntoleranceWithNarrative(benchmark::State& state) {
  validate(state, "AllergyIntolerance-example.json", true, "");
}
void BM_AllergyIntoleranceOurProfile(benchmark::State& state) {
  validate(state, "AllergyIntolerance-example.json", false,
           "https://fhir-gateway.example.no/fhir/StructureDefinition/gateway-allergyintolerance");
}
void BM_DocumentReference(benchmark::State& state) {
  validate(state, "DocumentReference-example.json", false, "");
}
void BM_DocumentReferenceWithNarrative(benchmark::State& state) {
  validate(state, "DocumentReference-example.json", true, "");
}
void BM_Condition(benchmark::State& state) { validate(state, "Condition-example.json", false, ""); }

void BM_LoadDefinitionsAndTerminology(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(load_validator());
}

BENCHMARK(BM_AllergyIntolerance)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_AllergyIntoleranceWithNarrative)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_AllergyIntoleranceOurProfile)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_DocumentReference)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_DocumentReferenceWithNarrative)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_Condition)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_LoadDefinitionsAndTerminology)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
