// Importer robustness: unknown content, namespace/prefix tolerance, DTD/XXE refusal, bad input.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "fest_test_support.hpp"

namespace gateway::medication {
namespace {

using testing::expect_catalog;
using testing::expect_error;
using testing::read_fixture;

constexpr const char* kMinimalPakning =
    R"(<FEST xmlns="http://www.kith.no/xmlstds/eresept/m30/2014-12-01">
  <HentetDato>2023-09-08T03:11:43</HentetDato>
  <KatLegemiddelpakning><OppfLegemiddelpakning><Id>OPPF_1</Id><Tidspunkt>2023-01-01T00:00:00</Tidspunkt>
    <Status V="A"/>
    <Legemiddelpakning xmlns="http://www.kith.no/xmlstds/eresept/forskrivning/2014-12-01">
      <NavnFormStyrke>Paracet tab 500 mg</NavnFormStyrke><Reseptgruppe V="F"/>
      <Id>PAKNING_1</Id><Varenr>038448</Varenr>
    </Legemiddelpakning>
  </OppfLegemiddelpakning></KatLegemiddelpakning>
</FEST>)";

TEST(FestImportRobustnessTest, KeepsLeadingZerosOfVarenr) {
  const auto catalog = expect_catalog(import_fest_memory(kMinimalPakning));
  EXPECT_EQ(catalog.legemiddelpakning.at("PAKNING_1").varenr, "038448");
}

TEST(FestImportRobustnessTest, SkipsUnknownElementsAndCatalogs) {
  const auto catalog = expect_catalog(
      import_fest_memory(R"(<FEST xmlns="http://www.kith.no/xmlstds/eresept/m30/2014-12-01">
    <HentetDato>2023-09-08T03:11:43</HentetDato>
    <NyttElement><Id>X</Id></NyttElement>
    <KatHandelsvare><OppfHandelsvare><Id>H1</Id><Tidspunkt>2023-01-01T00:00:00</Tidspunkt><Status V="A"/>
      <Naringsmiddel><Nr>1</Nr><Navn>Drikk</Navn><PrisVare><Type V="5"/><Pris V="1" U="NOK"/></PrisVare></Naringsmiddel>
    </OppfHandelsvare></KatHandelsvare>
    <KatLegemiddelpakning><OppfLegemiddelpakning><Id>OPPF_1</Id><Tidspunkt>2023-01-01T00:00:00</Tidspunkt>
      <Status V="A"/><Fremtidig>1</Fremtidig>
      <Legemiddelpakning>
        <NavnFormStyrke>Paracet tab 500 mg</NavnFormStyrke><Reseptgruppe V="F"/>
        <NyGruppe><Varenr>999999</Varenr><Atc V="FEIL"/></NyGruppe>
        <Id>PAKNING_1</Id><Varenr>038448</Varenr>
        <Pakningsinfo><Ukjent><Mengde>99</Mengde></Ukjent><Mengde>20</Mengde></Pakningsinfo>
      </Legemiddelpakning>
    </OppfLegemiddelpakning></KatLegemiddelpakning>
    <KatStrDosering><OppfStrDosering><Id>S1</Id></OppfStrDosering></KatStrDosering>
  </FEST>)"));
  ASSERT_EQ(catalog.legemiddelpakning.size(), 1u);
  const auto& pakning = catalog.legemiddelpakning.at("PAKNING_1");
  EXPECT_EQ(pakning.varenr, "038448");
  EXPECT_FALSE(pakning.atc.has_value());
  EXPECT_DOUBLE_EQ(pakning.pakningsinfo.at(0).mengde.value, 20.0);
}

TEST(FestImportRobustnessTest, MatchesLocalNamesWhateverTheNamespaceOrPrefix) {
  const auto catalog = expect_catalog(
      import_fest_memory(R"(<f:FEST xmlns:f="urn:other" xmlns:k="http://example.org/k">
    <f:HentetDato>2023-09-08T03:11:43</f:HentetDato>
    <f:KatLegemiddelpakning><f:OppfLegemiddelpakning><f:Id>OPPF_1</f:Id><f:Tidspunkt>2023-01-01T00:00:00</f:Tidspunkt>
      <f:Status V="A"/>
      <k:Legemiddelpakning>
        <k:NavnFormStyrke>Paracet tab 500 mg</k:NavnFormStyrke><Reseptgruppe k:V="F" DN="Reseptgruppe F"/>
        <k:Id>PAKNING_1</k:Id><Varenr>038448</Varenr>
      </k:Legemiddelpakning>
    </f:OppfLegemiddelpakning></f:KatLegemiddelpakning>
  </f:FEST>)"));
  const auto& pakning = catalog.legemiddelpakning.at("PAKNING_1");
  EXPECT_EQ(pakning.navn_form_styrke, "Paracet tab 500 mg");
  EXPECT_EQ(pakning.reseptgruppe.code, "F");
  EXPECT_EQ(pakning.oppforing.id, "OPPF_1");
}

TEST(FestImportRobustnessTest, RefusesDoctypeDeclarations) {
  const auto error = expect_error(import_fest_memory(R"(<?xml version="1.0"?>
<!DOCTYPE FEST [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> ]>
<FEST><HentetDato>&b;</HentetDato></FEST>)"));
  EXPECT_NE(error.message.find("DOCTYPE"), std::string::npos) << error.message;
  EXPECT_EQ(error.line, 2);
}

TEST(FestImportRobustnessTest, RefusesExternalEntities) {
  const auto error = expect_error(import_fest_memory(R"(<?xml version="1.0"?>
<!DOCTYPE FEST SYSTEM "file:///etc/passwd">
<FEST><HentetDato>2023-01-01T00:00:00</HentetDato></FEST>)"));
  EXPECT_EQ(error.line, 2);
  EXPECT_NE(error.message.find("DOCTYPE"), std::string::npos) << error.message;
}

TEST(FestImportRobustnessTest, RefusesUndeclaredEntityReferences) {
  const auto error =
      expect_error(import_fest_memory("<FEST><HentetDato>&xxe;</HentetDato></FEST>"));
  EXPECT_EQ(error.line, 1);
  EXPECT_EQ(error.element, "HentetDato");
}

TEST(FestImportRobustnessTest, ReportsMalformedXmlWithLineColumnAndElement) {
  const auto error =
      expect_error(import_fest_memory("<FEST>\n  <HentetDato>2023-01-01T00:00:00</HentetDato>\n  "
                                      "<KatVilkar>\n    <OppfVilkar></Oops>\n"));
  EXPECT_EQ(error.line, 4);
  EXPECT_EQ(error.column, 19);
  EXPECT_EQ(error.element, "OppfVilkar");
  EXPECT_NE(error.message.find("mismatched"), std::string::npos) << error.message;
}

TEST(FestImportRobustnessTest, ReportsATruncatedFile) {
  const std::string excerpt = read_fixture("fest-excerpt.xml");
  const auto error =
      expect_error(import_fest_memory(std::string_view(excerpt).substr(0, excerpt.size() / 2)));
  EXPECT_GT(error.line, 1);
  EXPECT_FALSE(error.element.empty());
}

TEST(FestImportRobustnessTest, EveryTruncationIsAnError) {
  const std::string excerpt = read_fixture("fest-excerpt.xml");
  const std::string_view whole(excerpt);
  const auto end = whole.rfind("</FEST>");
  for (std::size_t length = 0; length <= end; length += 61) {
    const auto result = import_fest_memory(whole.substr(0, length));
    EXPECT_TRUE(std::holds_alternative<ImportError>(result)) << "prefix of " << length << " bytes";
  }
}

TEST(FestImportRobustnessTest, CorruptedBytesGiveACatalogOrAnErrorNeverACrash) {
  const std::string excerpt = read_fixture("fest-excerpt.xml");
  std::mt19937 random(251);
  std::uniform_int_distribution<std::size_t> position(0, excerpt.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  int errors = 0;
  for (int round = 0; round < 200; ++round) {
    std::string corrupted = excerpt;
    for (int flip = 0; flip < 3; ++flip)
      corrupted[position(random)] = static_cast<char>(byte(random));
    const auto result = import_fest_memory(corrupted);
    if (const auto* error = std::get_if<ImportError>(&result)) {
      ++errors;
      EXPECT_FALSE(error->message.empty());
      EXPECT_GT(error->line, 0);
    }
  }
  EXPECT_GT(errors, 0);
}

TEST(FestImportRobustnessTest, RejectsAnotherRootElement) {
  const auto error = expect_error(import_fest_memory("<Message><FEST/></Message>"));
  EXPECT_NE(error.message.find("expected FEST"), std::string::npos);
  EXPECT_EQ(error.element, "Message");
}

// Found by tests/fuzz/fest_import_fuzz: expat reports the end of <X/> after the parser is
// stopped, and the builder popped a frame it never pushed.
TEST(FestImportRobustnessTest, RejectsAnEmptyRootElementOfAnotherName) {
  const auto error = expect_error(import_fest_memory("<Message/>"));
  EXPECT_NE(error.message.find("expected FEST"), std::string::npos);
  EXPECT_EQ(error.element, "Message");
}

TEST(FestImportRobustnessTest, RejectsAFileWithoutHentetDato) {
  const auto error = expect_error(import_fest_memory("<FEST></FEST>"));
  EXPECT_NE(error.message.find("HentetDato"), std::string::npos);
}

TEST(FestImportRobustnessTest, RejectsAPayloadWithoutId) {
  std::string xml = kMinimalPakning;
  xml.replace(xml.find("<Id>PAKNING_1</Id>"), std::string("<Id>PAKNING_1</Id>").size(), "");
  const auto error = expect_error(import_fest_memory(xml));
  EXPECT_NE(error.message.find("OPPF_1"), std::string::npos) << error.message;
  EXPECT_EQ(error.element, "OppfLegemiddelpakning");
}

TEST(FestImportRobustnessTest, ReadsFromAStream) {
  std::istringstream input(kMinimalPakning);
  const auto catalog = expect_catalog(import_fest_stream(input));
  EXPECT_EQ(catalog.legemiddelpakning.size(), 1u);
}

TEST(FestImportRobustnessTest, ReportsAMissingFile) {
  const auto error = expect_error(import_fest_file("/nonexistent/fest251.xml"));
  EXPECT_EQ(error.line, 0);
  EXPECT_NE(error.message.find("/nonexistent/fest251.xml"), std::string::npos);
}

}  // namespace
}  // namespace gateway::medication
