// Field-by-field checks of every imported catalog against fixtures/fest/fest-excerpt.xml.
#include <gtest/gtest.h>

#include "fest_test_support.hpp"

namespace gateway::medication {
namespace {

using testing::expect_catalog;
using testing::fixture_path;

class FestExcerptTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    catalog_ = new FestCatalog(expect_catalog(import_fest_file(fixture_path("fest-excerpt.xml"))));
  }
  static void TearDownTestSuite() {
    delete catalog_;
    catalog_ = nullptr;
  }
  static const FestCatalog& catalog() { return *catalog_; }

 private:
  static inline FestCatalog* catalog_ = nullptr;
};

TEST_F(FestExcerptTest, ReadsHeaderAndCounts) {
  EXPECT_EQ(catalog().hentet_dato, "2023-09-08T03:11:43");
  EXPECT_FALSE(catalog().gyldig_fradato_helfo.has_value());
  EXPECT_EQ(catalog().legemiddel_merkevare.size(), 3u);
  EXPECT_EQ(catalog().legemiddelpakning.size(), 2u);
  EXPECT_EQ(catalog().virkestoff_med_styrke.size(), 7u);
  EXPECT_EQ(catalog().virkestoff.size(), 8u);
  EXPECT_EQ(catalog().legemiddel_virkestoff.size(), 1u);
  EXPECT_EQ(catalog().legemiddeldose.size(), 1u);
  EXPECT_EQ(catalog().kodeverk.size(), 1u);
  EXPECT_EQ(catalog().byttegruppe.size(), 1u);
  EXPECT_EQ(catalog().interaksjon.size(), 1u);
  EXPECT_EQ(catalog().interaksjon_ikke_vurdert.size(), 1u);
  EXPECT_EQ(catalog().refusjonshjemmel.size(), 1u);
  EXPECT_EQ(catalog().vilkar.size(), 1u);
  EXPECT_TRUE(catalog().utgatte_oppforinger.empty());
}

TEST_F(FestExcerptTest, ReadsKodimagnylMerkevare) {
  const auto& merkevare =
      catalog().legemiddel_merkevare.at("ID_000A27B8-3930-4264-80F9-CDB14C895662");
  EXPECT_EQ(merkevare.oppforing.id, "ID_DE995772-8BBC-4164-8A0C-044CFC522794");
  EXPECT_EQ(merkevare.oppforing.tidspunkt, "2023-06-05T03:11:16");
  EXPECT_EQ(merkevare.oppforing.status.code, "A");
  EXPECT_EQ(merkevare.oppforing.status.display, "Aktiv oppføring");
  ASSERT_TRUE(merkevare.atc.has_value());
  EXPECT_EQ(merkevare.atc->code, "N02AJ07");
  EXPECT_EQ(merkevare.atc->system, "2.16.578.1.12.4.1.1.7180");
  EXPECT_EQ(merkevare.atc->display, "Kodein og acetylsalisylsyre");
  EXPECT_EQ(merkevare.navn_form_styrke, "Kodimagnyl Ikke-stoppende dak tab 9,6 mg/500 mg/150 mg");
  EXPECT_EQ(merkevare.reseptgruppe.code, "B");
  EXPECT_EQ(merkevare.reseptgruppe.system, "");
  EXPECT_EQ(merkevare.legemiddelform_kort->code, "53");
  EXPECT_EQ(merkevare.legemiddelform_kort->display, "Tablett");
  ASSERT_EQ(merkevare.ref_vilkar.size(), 1u);
  EXPECT_EQ(merkevare.ref_vilkar[0], "ID_491E7F6C-23A9-45C3-A906-95A1332AD5BD");
  EXPECT_EQ(merkevare.preparattype->code, "11");
  EXPECT_EQ(merkevare.type_soknad_slv->display, "Søknad vurderes av apotek");
  EXPECT_EQ(merkevare.opioidsoknad, true);
  ASSERT_TRUE(merkevare.administrering_legemiddel.has_value());
  ASSERT_EQ(merkevare.administrering_legemiddel->administrasjonsvei.size(), 1u);
  EXPECT_EQ(merkevare.administrering_legemiddel->administrasjonsvei[0].display, "Oral bruk");
  ASSERT_EQ(merkevare.administrering_legemiddel->enhet_dosering.size(), 1u);
  EXPECT_EQ(merkevare.administrering_legemiddel->enhet_dosering[0].code, "13");
  EXPECT_EQ(merkevare.varenavn, "Kodimagnyl Ikke-stoppende dak");
  EXPECT_EQ(merkevare.legemiddelform_lang, "Tablett, filmdrasjert");
  ASSERT_EQ(merkevare.sortert_virkestoff_med_styrke.size(), 3u);
  EXPECT_EQ(merkevare.sortert_virkestoff_med_styrke[2].sortering, 2);
  EXPECT_EQ(merkevare.sortert_virkestoff_med_styrke[2].ref_virkestoff_med_styrke,
            "ID_A22E070F-7B94-46D5-B0DE-2476A2429868");
  ASSERT_TRUE(merkevare.produkt_info.has_value());
  EXPECT_EQ(merkevare.produkt_info->produsent, "Orifarm Healthcare");
  EXPECT_FALSE(merkevare.produkt_info->referanseprodukt.has_value());
  ASSERT_EQ(merkevare.reseptgyldighet.size(), 1u);
  EXPECT_EQ(merkevare.reseptgyldighet[0].varighet, "P1Y");
  EXPECT_FALSE(merkevare.svart_trekant.has_value());
  EXPECT_TRUE(merkevare.refusjon.empty());
}

TEST_F(FestExcerptTest, ReadsMerkevareOptionalParts) {
  const auto& zolpidem =
      catalog().legemiddel_merkevare.at("ID_D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2");
  ASSERT_TRUE(zolpidem.pakning_byttegruppe.has_value());
  EXPECT_EQ(zolpidem.pakning_byttegruppe->ref_byttegruppe,
            "ID_BF16B775-2109-41A1-8369-2230FDE6B0EE");
  EXPECT_EQ(zolpidem.pakning_byttegruppe->gyldig_fra_dato, "2023-01-01");
  EXPECT_EQ(zolpidem.administrering_legemiddel->kan_knuses->code, "1");
  EXPECT_EQ(zolpidem.administrering_legemiddel->deling->display, "Kan deles i to like doser");
  EXPECT_EQ(zolpidem.produkt_info->varseltrekant, true);
  EXPECT_EQ(zolpidem.produkt_info->referanseprodukt, "Stilnoct");
  ASSERT_EQ(zolpidem.hjelpestoff.size(), 1u);
  EXPECT_EQ(zolpidem.hjelpestoff[0].navn, "Laktosemonohydrat");
  ASSERT_EQ(zolpidem.preparatomtaleavsnitt.size(), 1u);
  EXPECT_EQ(zolpidem.preparatomtaleavsnitt[0].avsnittoverskrift.code, "SPCHUMAN_04_01");
  EXPECT_EQ(zolpidem.preparatomtaleavsnitt[0].lenke.beskrivelse, "Preparatomtale");
  EXPECT_EQ(zolpidem.preparatomtaleavsnitt[0].lenke.www,
            "https://produktinformasjon.legemiddelsok.no/preparatomtaler/22-15001.pdf");

  const auto& corixil =
      catalog().legemiddel_merkevare.at("ID_3F7D2A94-6C1B-4E5A-8B0D-7A9C2E4F6B18");
  ASSERT_TRUE(corixil.svart_trekant.has_value());
  EXPECT_EQ(corixil.svart_trekant->code, "1");
  ASSERT_TRUE(corixil.reseptgyldighet[0].kjonn.has_value());
  EXPECT_EQ(corixil.reseptgyldighet[0].kjonn->display, "Kvinne");
}

TEST_F(FestExcerptTest, ReadsZolpidemDunePakning) {
  const auto& pakning = catalog().legemiddelpakning.at("ID_0008426A-FCA1-4CA1-9202-7D7D5B2922C2");
  EXPECT_EQ(pakning.oppforing.id, "ID_9453E041-D1D0-42BA-812F-59A3C54A1C20");
  EXPECT_EQ(pakning.navn_form_styrke, "Zolpidem Dune tab 10 mg");
  EXPECT_EQ(pakning.varenr, "526181");
  ASSERT_EQ(pakning.ean.size(), 1u);
  EXPECT_EQ(pakning.ean[0], "5745000695003");
  EXPECT_EQ(pakning.oppbevaring->code, "R");
  ASSERT_EQ(pakning.refusjon.size(), 1u);
  EXPECT_EQ(pakning.refusjon[0].ref_refusjonsgruppe.at(0),
            "ID_18258D51-519E-47AC-9430-D284BA1A1514");
  EXPECT_EQ(pakning.refusjon[0].gyldig_fra_dato, "2023-01-01");
  EXPECT_FALSE(pakning.refusjon[0].forskrives_til_dato.has_value());
  ASSERT_EQ(pakning.pakningsinfo.size(), 1u);
  const auto& info = pakning.pakningsinfo[0];
  EXPECT_EQ(info.ref_legemiddel_merkevare, "ID_D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2");
  EXPECT_EQ(info.pakningsstr, "7");
  EXPECT_EQ(info.enhet_pakning.code, "stk");
  EXPECT_EQ(info.enhet_pakning.system, "2.16.578.1.12.4.1.1.7452");
  EXPECT_EQ(info.pakningstype.display, "Blisterpakning");
  EXPECT_DOUBLE_EQ(info.mengde.value, 7.0);
  ASSERT_TRUE(info.ddd.has_value());
  EXPECT_DOUBLE_EQ(info.ddd->value, 0.01);
  EXPECT_EQ(info.ddd->unit, "g");
  EXPECT_EQ(info.ddd->value_text, "0.01");
  EXPECT_DOUBLE_EQ(info.statistikkfaktor->value, 0.07);
  ASSERT_EQ(pakning.pris_vare.size(), 3u);
  EXPECT_EQ(pakning.pris_vare[0].type.code, "3");
  EXPECT_EQ(pakning.pris_vare[0].type.display, "AIP");
  EXPECT_DOUBLE_EQ(pakning.pris_vare[0].pris.value, 7.69);
  EXPECT_EQ(pakning.pris_vare[0].pris.unit, "NOK");
  EXPECT_EQ(pakning.markedsforingsinfo->markedsforingsdato, "2023-01-01");
}

TEST_F(FestExcerptTest, ReadsCorixilPakningWithComponentsAndLeadingZeros) {
  const auto& pakning = catalog().legemiddelpakning.at("ID_00FB8D56-111B-4A82-8B68-9AD4B5422B0A");
  EXPECT_EQ(pakning.varenr, "108708");
  EXPECT_EQ(pakning.ikke_konservering, false);
  const auto& info = pakning.pakningsinfo.at(0);
  EXPECT_EQ(info.multippel, 2);
  EXPECT_FALSE(info.antall.has_value());
  ASSERT_EQ(info.pakningskomponent.size(), 1u);
  EXPECT_EQ(info.pakningskomponent[0].pakningstype.code, "169");
  EXPECT_DOUBLE_EQ(info.pakningskomponent[0].mengde.value, 49.0);
  EXPECT_EQ(info.pakningskomponent[0].antall, 2);
  ASSERT_EQ(pakning.pakningsinfo_resept.size(), 1u);
  EXPECT_EQ(pakning.pakningsinfo_resept[0].pakningsstr, "98");
  EXPECT_EQ(pakning.pris_vare.at(0).pris.value_text, "289.50");
  EXPECT_EQ(pakning.pris_vare.at(0).gyldig_til_dato, "2019-06-30");
  EXPECT_EQ(pakning.markedsforingsinfo->varenr_utgaende, "008708");
  EXPECT_EQ(pakning.markedsforingsinfo->midl_utgatt_dato, "2019-02-01");
}

TEST_F(FestExcerptTest, ReadsVirkestoffAndStrengths) {
  const auto& kodein = catalog().virkestoff.at("ID_C0DE1000-0000-4000-8000-00000000C0DE");
  EXPECT_EQ(kodein.oppforing.id, "ID_E1A0B2C3-0011-4000-8000-000000000011");
  EXPECT_EQ(kodein.navn, "Kodein");
  EXPECT_EQ(kodein.navn_engelsk, "Codeine");
  ASSERT_EQ(kodein.ref_virkestoff.size(), 1u);
  EXPECT_EQ(kodein.ref_virkestoff[0], "ID_C0DEF000-0000-4000-8000-00000000C0DF");
  const auto& zolpidem = catalog().virkestoff.at("ID_2017DE00-0000-4000-8000-0000000020D0");
  ASSERT_EQ(zolpidem.refusjon.size(), 1u);
  EXPECT_EQ(zolpidem.refusjon[0].gyldig_fra_dato, "2023-01-01");

  const auto& simple =
      catalog().virkestoff_med_styrke.at("ID_A0DBC88E-864A-4231-BA8F-DFCA3D00F599");
  EXPECT_DOUBLE_EQ(simple.styrke.value, 9.6);
  EXPECT_EQ(simple.styrke.unit, "mg");
  EXPECT_FALSE(simple.styrke_nevner.has_value());
  EXPECT_EQ(simple.ref_virkestoff, "ID_C0DE1000-0000-4000-8000-00000000C0DE");
  EXPECT_EQ(simple.styrkeoperator.code, "L");
  EXPECT_EQ(simple.atc_kombipreparat->code, "R05DA04");

  const auto& range = catalog().virkestoff_med_styrke.at("ID_3D9E1F2A-4B5C-4D6E-8F70-91A2B3C4D5E6");
  ASSERT_TRUE(range.styrke_nevner.has_value());
  EXPECT_DOUBLE_EQ(range.styrke_nevner->value, 5.0);
  EXPECT_EQ(range.styrke_nevner->unit, "ml");
  EXPECT_EQ(range.alternativ_styrke->unit, "%");
  EXPECT_DOUBLE_EQ(range.alternativ_styrke_nevner->value, 100.0);
  EXPECT_EQ(range.styrkeoperator.code, "I");
  EXPECT_DOUBLE_EQ(range.styrke_ovre_verdi->value, 55.0);
}

TEST_F(FestExcerptTest, ReadsLegemiddelVirkestoffAndDose) {
  const auto& virkestoff =
      catalog().legemiddel_virkestoff.at("ID_1E9C7A5B-3D2F-4B1A-9E8C-7D6B5A4F3E21");
  EXPECT_EQ(virkestoff.navn_form_styrke, "Zolpidem tab 10 mg");
  EXPECT_EQ(virkestoff.sortert_virkestoff_med_styrke.at(0).ref_virkestoff_med_styrke,
            "ID_5B0F8E3C-7A2D-4C19-B6E4-1D9A3F7C2E05");
  EXPECT_EQ(virkestoff.ref_legemiddel_merkevare.at(0), "ID_D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2");
  EXPECT_EQ(virkestoff.ref_pakning.at(0), "ID_0008426A-FCA1-4CA1-9202-7D7D5B2922C2");
  EXPECT_EQ(virkestoff.forskrivningsenhet_resept.at(0).display, "tablett");

  const auto& dose = catalog().legemiddeldose.at("ID_6D5C4B3A-2F1E-4D0C-9B8A-7F6E5D4C3B2A");
  EXPECT_EQ(dose.lmr_lopenr, "1234567");
  EXPECT_DOUBLE_EQ(dose.mengde.value, 1.0);
  EXPECT_EQ(dose.mengde.unit, "stk");
  EXPECT_EQ(dose.pakningstype->code, "169");
  EXPECT_EQ(dose.ref_legemiddel_merkevare, "ID_D9ECF4A9-FE22-401D-AA86-31ACA65EFAC2");
  EXPECT_EQ(dose.ref_pakning.at(0), "ID_0008426A-FCA1-4CA1-9202-7D7D5B2922C2");
  EXPECT_EQ(dose.enhet_ordinering.at(0).code, "13");
}

TEST_F(FestExcerptTest, ReadsKodeverk) {
  const auto& kodeverk = catalog().kodeverk.at("2.16.578.1.12.4.1.1.7448");
  EXPECT_EQ(kodeverk.oppforing.id, "ID_E1A0B2C3-0051-4000-8000-000000000051");
  EXPECT_EQ(kodeverk.info.betegnelse, "Legemiddelform");
  EXPECT_EQ(kodeverk.info.kortnavn, "Kortform");
  EXPECT_EQ(kodeverk.info.ansvarlig_utgiver, "Direktoratet for medisinske produkter");
  EXPECT_FALSE(kodeverk.info.merknad.has_value());
  ASSERT_EQ(kodeverk.element.size(), 3u);
  EXPECT_EQ(kodeverk.element[0].kode, "32");
  ASSERT_EQ(kodeverk.element[0].term.size(), 1u);
  EXPECT_EQ(kodeverk.element[0].term[0].term, "Kapsel");
  EXPECT_EQ(kodeverk.element[0].term[0].beskrivelse_term, "Kapsel, hard");
  EXPECT_EQ(kodeverk.element[0].term[0].sprak->code, "NOB");
  EXPECT_EQ(kodeverk.element[2].parent_id, "ID_7448-53");
}

TEST_F(FestExcerptTest, ReadsByttegruppeVilkarAndRefusjon) {
  const auto& byttegruppe = catalog().byttegruppe.at("ID_BF16B775-2109-41A1-8369-2230FDE6B0EE");
  EXPECT_EQ(byttegruppe.kode.code, "000513");
  EXPECT_EQ(byttegruppe.kode.display, "ZOLPIDEM TABLETTER 10MG");
  EXPECT_FALSE(byttegruppe.merknad_til_byttbarhet);
  EXPECT_EQ(byttegruppe.gyldig_fra_dato, "2023-01-01");

  const auto& vilkar = catalog().vilkar.at("ID_491E7F6C-23A9-45C3-A906-95A1332AD5BD");
  EXPECT_EQ(vilkar.vilkar_nr, "240");
  EXPECT_EQ(vilkar.gruppe.system, "2.16.578.1.12.4.1.1.7437");
  EXPECT_EQ(vilkar.gjelder_for.display, "Forskriver");
  EXPECT_EQ(vilkar.tekst,
            "Forskrivning av vanedannende legemidler skal følge Helsedirektoratets veileder.");
  ASSERT_EQ(vilkar.strukturert_vilkar.size(), 1u);
  EXPECT_EQ(vilkar.strukturert_vilkar[0].type.code, "1");
  EXPECT_EQ(vilkar.strukturert_vilkar[0].verdi_tekst.at(0), "1");

  const auto& hjemmel = catalog().refusjonshjemmel.at("200");
  EXPECT_EQ(hjemmel.refusjonshjemmel.display, "§ 2 Forhåndsgodkjent refusjon");
  EXPECT_TRUE(hjemmel.krever_varekobling);
  EXPECT_FALSE(hjemmel.krever_vedtak);
  ASSERT_EQ(hjemmel.refusjonsgruppe.size(), 1u);
  const auto& gruppe = hjemmel.refusjonsgruppe[0];
  EXPECT_EQ(gruppe.id, "ID_18258D51-519E-47AC-9430-D284BA1A1514");
  EXPECT_EQ(gruppe.gruppe_nr.code, "-60");
  EXPECT_EQ(gruppe.atc->code, "N05CF02");
  EXPECT_TRUE(gruppe.krever_refusjonskode);
  EXPECT_EQ(gruppe.refusjonsberettighet_bruk, "Søvnforstyrrelser hos pasienter i palliativ fase");
  EXPECT_EQ(gruppe.ref_vilkar.at(0), "ID_491E7F6C-23A9-45C3-A906-95A1332AD5BD");
  ASSERT_EQ(gruppe.refusjonskode.size(), 1u);
  EXPECT_EQ(gruppe.refusjonskode[0].refusjonskode.code, "-90");
  EXPECT_EQ(gruppe.refusjonskode[0].underterm, "Søvnforstyrrelser");
  EXPECT_EQ(gruppe.refusjonskode[0].gyldig_fra_dato, "2023-01-01");
  ASSERT_EQ(gruppe.refusjonskode[0].refusjonsvilkar.size(), 1u);
  EXPECT_EQ(gruppe.refusjonskode[0].refusjonsvilkar[0].fra_dato, "2023-01-01");
}

TEST_F(FestExcerptTest, ReadsInteraksjon) {
  const auto& interaksjon = catalog().interaksjon.at("ID_4A3B2C1D-0E9F-4A8B-8C7D-6E5F4A3B2C1D");
  EXPECT_EQ(interaksjon.relevans.code, "1");
  EXPECT_EQ(interaksjon.relevans.display, "Bør unngås");
  EXPECT_FALSE(interaksjon.situasjonskriterium.has_value());
  EXPECT_EQ(interaksjon.klinisk_konsekvens,
            "Økt sentralnervøs depresjon med risiko for respirasjonsdepresjon.");
  EXPECT_EQ(interaksjon.interaksjonsmekanisme, "Additiv CNS-dempende effekt.");
  EXPECT_EQ(interaksjon.kildegrunnlag.code, "4");
  EXPECT_TRUE(interaksjon.handtering.has_value());
  EXPECT_EQ(interaksjon.visningsregel.at(0).system, "2.16.578.1.12.4.1.1.7442");
  ASSERT_EQ(interaksjon.referanse.size(), 1u);
  EXPECT_EQ(interaksjon.referanse[0].kilde, "Preparatomtale Zolpidem");
  EXPECT_EQ(interaksjon.referanse[0].lenke, "https://www.legemiddelsok.no/");
  ASSERT_EQ(interaksjon.substansgruppe.size(), 2u);
  EXPECT_EQ(interaksjon.substansgruppe[1].navn, "Opioider");
  ASSERT_EQ(interaksjon.substansgruppe[1].substans.size(), 1u);
  const auto& kodein = interaksjon.substansgruppe[1].substans[0];
  EXPECT_EQ(kodein.substans, "Kodein");
  EXPECT_EQ(kodein.atc->code, "R05DA04");
  EXPECT_EQ(kodein.ref_virkestoff.at(0), "ID_C0DE1000-0000-4000-8000-00000000C0DE");

  const auto& ikke_vurdert = catalog().interaksjon_ikke_vurdert.at("C09DA03");
  EXPECT_EQ(ikke_vurdert.atc.display, "Valsartan og diuretika");
  EXPECT_EQ(ikke_vurdert.oppforing.id, "ID_E1A0B2C3-0082-4000-8000-000000000082");
}

TEST_F(FestExcerptTest, ReferencesResolveWithinTheExcerpt) {
  for (const auto& [id, pakning] : catalog().legemiddelpakning) {
    for (const auto& info : pakning.pakningsinfo) {
      EXPECT_TRUE(catalog().legemiddel_merkevare.contains(info.ref_legemiddel_merkevare)) << id;
    }
  }
  for (const auto& [id, merkevare] : catalog().legemiddel_merkevare) {
    for (const auto& sortert : merkevare.sortert_virkestoff_med_styrke) {
      const auto styrke = catalog().virkestoff_med_styrke.find(sortert.ref_virkestoff_med_styrke);
      ASSERT_NE(styrke, catalog().virkestoff_med_styrke.end()) << id;
      EXPECT_TRUE(catalog().virkestoff.contains(styrke->second.ref_virkestoff)) << id;
    }
  }
}

}  // namespace
}  // namespace gateway::medication
