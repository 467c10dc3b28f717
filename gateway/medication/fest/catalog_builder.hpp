// Internal to the FEST importer: the XML content handler that builds a FestCatalog.
#pragma once

#include <variant>
#include <vector>

#include "medication/fest/builder_frames.hpp"
#include "medication/fest/model.hpp"
#include "medication/fest/xml_reader.hpp"

namespace gateway::medication {

class CatalogBuilder final : public XmlContentHandler {
 public:
  std::variant<ElementAction, HandlerError> start_element(std::string_view local_name) override;
  std::optional<HandlerError> end_element(std::string_view local_name,
                                          const ElementContent& content) override;

  // The catalog built so far; complete once read_xml succeeded.
  FestCatalog take_catalog() { return std::move(catalog_); }

 private:
  using Payload =
      std::variant<std::monostate, LegemiddelMerkevare, Legemiddelpakning, Virkestoff,
                   VirkestoffMedStyrke, LegemiddelVirkestoff, Legemiddeldose, Kodeverk, Byttegruppe,
                   Interaksjon, InteraksjonIkkeVurdert, Refusjonshjemmel, Vilkar>;

  std::optional<Frame> enter_katalog(std::string_view name);
  std::optional<Frame> enter_payload(std::string_view name);
  void assign_leaf(const Frame& parent, std::string_view name, const ElementContent& content);
  std::optional<HandlerError> finish_oppforing();

  template <typename T>
  Frame begin_payload(Ctx ctx) {
    return Frame{ctx, &payload_.emplace<T>()};
  }

  FestCatalog catalog_;
  std::vector<Frame> frames_;
  FestKatalog katalog_ = FestKatalog::legemiddel_merkevare;
  Oppforing oppforing_;
  Payload payload_;
};

}  // namespace gateway::medication
