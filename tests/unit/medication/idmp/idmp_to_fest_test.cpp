// Round trip FEST -> IDMP -> FEST: the reverse translation re-imports to the same FEST values.
#include "medication/catalog/fest_document.hpp"
#include "medication/fest/import.hpp"
#include "search_support.hpp"

namespace gateway::medication {
namespace {

using namespace testing;

// Re-imports the reverse translation of every product and package of the excerpt.
FestCatalog round_trip() {
  const std::string doc = catalog_to_fest_document(*excerpt_catalog(), "2023-06-05T03:11:16");
  auto result = import_fest_memory(doc);
  if (auto* error = std::get_if<ImportError>(&result)) {
    ADD_FAILURE() << error->message << " at " << error->line << ":" << error->column << " "
                  << error->element;
    return {};
  }
  return std::get<FestCatalog>(std::move(result));
}

std::string code_of(const std::optional<Coded>& c) { return c ? c->code : "<none>"; }
template <typename T>
std::string first_code(const std::optional<AdministreringLegemiddel>& a,
                       std::vector<Coded> T::*list) {
  return a && !((*a).*list).empty() ? ((*a).*list)[0].code : "<none>";
}
std::optional<std::string> produsent_of(const LegemiddelMerkevare& m) {
  return m.produkt_info ? m.produkt_info->produsent : std::nullopt;
}
std::optional<std::string> referanse_of(const LegemiddelMerkevare& m) {
  return m.produkt_info ? m.produkt_info->referanseprodukt : std::nullopt;
}

TEST(IdmpToFest, MerkevareRoundTrips) {
  FestCatalog back = round_trip();
  ASSERT_EQ(back.legemiddel_merkevare.size(), excerpt().legemiddel_merkevare.size());
  for (const auto& [id, original] : excerpt().legemiddel_merkevare) {
    ASSERT_TRUE(back.legemiddel_merkevare.count(id)) << id;
    const LegemiddelMerkevare& m = back.legemiddel_merkevare.at(id);
    EXPECT_EQ(m.navn_form_styrke, original.navn_form_styrke);
    EXPECT_EQ(m.varenavn, original.varenavn);
    EXPECT_EQ(m.reseptgruppe.code, original.reseptgruppe.code);
    EXPECT_EQ(code_of(m.atc), code_of(original.atc));
    EXPECT_EQ(code_of(m.legemiddelform_kort), code_of(original.legemiddelform_kort));
    EXPECT_EQ(m.legemiddelform_lang, original.legemiddelform_lang);
    EXPECT_EQ(code_of(m.preparattype), code_of(original.preparattype));
    EXPECT_EQ(code_of(m.type_soknad_slv), code_of(original.type_soknad_slv));
    EXPECT_EQ(m.opioidsoknad, original.opioidsoknad);
    ASSERT_EQ(m.sortert_virkestoff_med_styrke.size(), original.sortert_virkestoff_med_styrke.size())
        << id;
    for (std::size_t i = 0; i < m.sortert_virkestoff_med_styrke.size(); ++i) {
      EXPECT_EQ(m.sortert_virkestoff_med_styrke[i].ref_virkestoff_med_styrke,
                original.sortert_virkestoff_med_styrke[i].ref_virkestoff_med_styrke);
    }
    EXPECT_EQ(
        first_code(m.administrering_legemiddel, &AdministreringLegemiddel::administrasjonsvei),
        first_code(original.administrering_legemiddel,
                   &AdministreringLegemiddel::administrasjonsvei));
    EXPECT_EQ(
        first_code(m.administrering_legemiddel, &AdministreringLegemiddel::enhet_dosering),
        first_code(original.administrering_legemiddel, &AdministreringLegemiddel::enhet_dosering));
    EXPECT_EQ(produsent_of(m), produsent_of(original));
    EXPECT_EQ(referanse_of(m), referanse_of(original));
    ASSERT_EQ(m.reseptgyldighet.size(), original.reseptgyldighet.size());
    if (!m.reseptgyldighet.empty()) {
      EXPECT_EQ(m.reseptgyldighet[0].varighet, original.reseptgyldighet[0].varighet);
      EXPECT_EQ(code_of(m.reseptgyldighet[0].kjonn), code_of(original.reseptgyldighet[0].kjonn));
    }
    EXPECT_EQ(m.hjelpestoff.size(), original.hjelpestoff.size());
    EXPECT_EQ(m.svart_trekant.has_value(), original.svart_trekant.has_value());
  }
}

TEST(IdmpToFest, StrengthsRoundTrip) {
  FestCatalog back = round_trip();
  int compared = 0;
  for (const auto& [id, v] : back.virkestoff_med_styrke) {
    ASSERT_TRUE(excerpt().virkestoff_med_styrke.count(id)) << id;
    const VirkestoffMedStyrke& original = excerpt().virkestoff_med_styrke.at(id);
    EXPECT_DOUBLE_EQ(v.styrke.value, original.styrke.value) << id;
    EXPECT_EQ(v.styrke.unit, original.styrke.unit);
    EXPECT_EQ(v.styrkeoperator.code, original.styrkeoperator.code);
    EXPECT_EQ(v.ref_virkestoff, original.ref_virkestoff);
    EXPECT_EQ(v.styrke_nevner.has_value(), original.styrke_nevner.has_value());
    EXPECT_EQ(v.atc_kombipreparat.has_value(), original.atc_kombipreparat.has_value());
    ++compared;
  }
  EXPECT_EQ(compared, 6);
}

TEST(IdmpToFest, PakningRoundTrips) {
  FestCatalog back = round_trip();
  for (const auto& [id, original] : excerpt().legemiddelpakning) {
    ASSERT_TRUE(back.legemiddelpakning.count(id)) << id;
    const Legemiddelpakning& p = back.legemiddelpakning.at(id);
    EXPECT_EQ(p.varenr, original.varenr);
    EXPECT_EQ(p.ean, original.ean);
    EXPECT_EQ(p.navn_form_styrke, original.navn_form_styrke);
    EXPECT_EQ(p.reseptgruppe.code, original.reseptgruppe.code);
    EXPECT_EQ(code_of(p.oppbevaring), code_of(original.oppbevaring));
    ASSERT_EQ(p.pakningsinfo.size(), 1u);
    const auto& a = p.pakningsinfo[0];
    const auto& b = original.pakningsinfo[0];
    EXPECT_EQ(a.ref_legemiddel_merkevare, b.ref_legemiddel_merkevare);
    EXPECT_EQ(a.pakningsstr, b.pakningsstr);
    EXPECT_DOUBLE_EQ(a.mengde.value, b.mengde.value);
    EXPECT_EQ(a.multippel, b.multippel);
    EXPECT_EQ(a.enhet_pakning.code, b.enhet_pakning.code);
    EXPECT_EQ(a.pakningstype.code, b.pakningstype.code);
    EXPECT_EQ(p.markedsforingsinfo->markedsforingsdato,
              original.markedsforingsinfo->markedsforingsdato);
    EXPECT_EQ(p.markedsforingsinfo->varenr_utgaende, original.markedsforingsinfo->varenr_utgaende);
  }
}

}  // namespace
}  // namespace gateway::medication
