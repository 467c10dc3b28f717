// The reverse translation: IDMP resources back to FEST M30 XML fragments (Forskrivning
// namespace), for MedicinalProductDefinition + its Ingredients and PackagedProductDefinition.
#pragma once

#include <string>
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
class Catalog;
// A FEST M30 document (KatLegemiddelMerkevare, KatLegemiddelpakning, KatVirkestoff) with every
// product, its strengths and every package of `catalog`, Oppf entries stamped `timestamp`.
std::string catalog_to_fest_document(const Catalog& catalog, const std::string& timestamp);

// The FEST Id behind one of our resource ids ("ID-ABC" -> "ID_ABC"; exact for FEST's
// "ID_<guid>" Ids).
std::string fest_id_of(std::string_view resource_id);

}  // namespace gateway::medication
