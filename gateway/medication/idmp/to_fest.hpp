// The reverse translation: IDMP resources back to FEST M30 XML fragments (Forskrivning
// namespace), for MedicinalProductDefinition + its Ingredients and PackagedProductDefinition.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/json.hpp"

namespace gateway::medication {

// <LegemiddelMerkevare> from the product and its Ingredients (active ones with a
// VirkestoffMedStyrke identifier give SortertVirkestoffMedStyrke, the others
// SortertVirkestoffUtenStyrke; excipients give Hjelpestoff), followed by one
// <VirkestoffMedStyrke> per strength. `produsent` is the RegulatedAuthorization holder, if any.
std::string medicinal_product_to_fest(const fhir::Json& product,
                                      const std::vector<fhir::Json>& ingredients,
                                      const std::string& produsent = {});
// <Legemiddelpakning> from a PackagedProductDefinition.
std::string packaged_product_to_fest(const fhir::Json& package);

// A FEST M30 document (KatLegemiddelMerkevare, KatLegemiddelpakning, KatVirkestoff) built one
// resource at a time: each product with its strengths, then each package, Oppf entries numbered
// in the order added and stamped `timestamp`.
class FestDocumentWriter {
 public:
  explicit FestDocumentWriter(std::string timestamp);
  // `ingredients`: the product's Ingredients in any order (active ones are put in the
  // product's ingredient order, excipients after them).
  void add_product(const fhir::Json& product, const std::vector<fhir::Json>& ingredients,
                   const std::string& produsent = {});
  void add_package(const fhir::Json& package);
  std::string finish() const;

 private:
  std::string timestamp_;
  std::string merkevarer_, strengths_, pakninger_;
  std::size_t entries_ = 0;
};

// The FEST Id behind one of our resource ids ("ID-ABC" -> "ID_ABC"; exact for FEST's
// "ID_<guid>" Ids).
std::string fest_id_of(std::string_view resource_id);

}  // namespace gateway::medication
