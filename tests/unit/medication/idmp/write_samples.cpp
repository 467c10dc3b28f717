// Writes every resource of the excerpt catalog (plus operator variants and a searchset with
// includes) as JSON files for the R4B JSON schema check, and the reverse translation to FEST
// XML for the XSD check (schema_check.sh).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "medication/catalog/fest_document.hpp"
#include "medication/catalog/loader.hpp"
#include "medication/fest/import.hpp"
#include "medication/search/execution.hpp"
#include "medication/search/searchset_writer.hpp"

using namespace gateway::medication;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: medication_write_samples FEST_XML OUTPUT_DIR\n";
    return 2;
  }
  auto imported = import_fest_file(argv[1]);
  if (auto* error = std::get_if<ImportError>(&imported)) {
    std::cerr << "import failed: " << error->message << "\n";
    return 1;
  }
  FestCatalog fest = std::get<FestCatalog>(std::move(imported));
  // A liquid product using the interval strength of the excerpt, so that *RatioRange is checked.
  LegemiddelMerkevare liquid = fest.legemiddel_merkevare.begin()->second;
  liquid.id = "ID_SAMPLE_LIQUID";
  liquid.sortert_virkestoff_med_styrke = {{0, "ID_3D9E1F2A-4B5C-4D6E-8F70-91A2B3C4D5E6"}};
  fest.legemiddel_merkevare[liquid.id] = liquid;
  auto catalog = build_catalog(fest, CatalogInfo{"samples", {}, 0, 0}).catalog;
  const std::filesystem::path out(argv[2]);
  std::filesystem::create_directories(out);
  std::size_t written = 0;
  for (ResourceType type : kAllResourceTypes) {
    for (const auto& stored : catalog->table(type).resources) {
      std::ofstream(out / (std::string(type_name(type)) + "-" + stored.resource.id + ".json"))
          << *stored.resource.json;
      ++written;
    }
  }
  auto params = gateway::fhir::parse_query(
      "_revinclude=PackagedProductDefinition:package-for&_revinclude=Ingredient:for"
      "&_revinclude=RegulatedAuthorization:subject&_sort=name&_count=2");
  auto query =
      parse_search_query(ResourceType::medicinal_product_definition, *params, false, {20, 100});
  if (!query) return 1;
  auto page = execute_search(*catalog, *query, 1000);
  std::ofstream(out / "Bundle-searchset.json")
      << write_searchset(*catalog, *query, page, "https://fhir.example.no/fhir");
  // The reverse translation, for the XSD check (kept out of the *.json set).
  std::ofstream(out / "fest-reverse.xml")
      << catalog_to_fest_document(*catalog, "2023-06-05T03:11:16");
  std::cout << written + 2 << " files written to " << out << "\n";
  return 0;
}
