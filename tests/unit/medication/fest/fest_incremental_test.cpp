// Incremental extracts: Status "U" entries, edits keyed on the object Id, apply_incremental.
#include <gtest/gtest.h>

#include "fest_test_support.hpp"
#include "medication/fest/incremental.hpp"

namespace gateway::medication {
namespace {

using testing::expect_catalog;
using testing::fixture_path;

constexpr const char* kZolpidemPakning = "ID_0008426A-FCA1-4CA1-9202-7D7D5B2922C2";
constexpr const char* kCorixilPakning = "ID_00FB8D56-111B-4A82-8B68-9AD4B5422B0A";

TEST(FestIncrementalTest, ParsesExpiredEntriesWithoutPayload) {
  const auto delta = expect_catalog(import_fest_file(fixture_path("fest-incremental.xml")));
  ASSERT_EQ(delta.utgatte_oppforinger.size(), 2u);
  EXPECT_EQ(delta.utgatte_oppforinger[0].katalog, FestKatalog::legemiddelpakning);
  EXPECT_EQ(delta.utgatte_oppforinger[0].oppforing.id, "ID_CBE3FD29-BAF7-44DC-AA80-23813EE09D9C");
  EXPECT_EQ(delta.utgatte_oppforinger[0].oppforing.status.code, "U");
  EXPECT_EQ(delta.utgatte_oppforinger[0].oppforing.status.display, "Utgått oppføring");
  ASSERT_EQ(delta.legemiddelpakning.size(), 1u);
  EXPECT_EQ(delta.legemiddelpakning.at(kZolpidemPakning).varenr, "052618");
}

TEST(FestIncrementalTest, AppliesExpiryAndEditToACopyOfTheBase) {
  const auto base = expect_catalog(import_fest_file(fixture_path("fest-excerpt.xml")));
  auto delta = expect_catalog(import_fest_file(fixture_path("fest-incremental.xml")));

  const auto updated = apply_incremental(base, std::move(delta));

  EXPECT_EQ(updated.hentet_dato, "2023-09-22T03:09:12");
  EXPECT_FALSE(updated.legemiddelpakning.contains(kCorixilPakning));
  ASSERT_TRUE(updated.legemiddelpakning.contains(kZolpidemPakning));
  const auto& edited = updated.legemiddelpakning.at(kZolpidemPakning);
  EXPECT_EQ(edited.oppforing.id, "ID_5E8D7C6B-4A39-4281-9F0E-1D2C3B4A5968");
  EXPECT_EQ(edited.varenr, "052618");
  ASSERT_EQ(edited.pris_vare.size(), 1u);
  EXPECT_DOUBLE_EQ(edited.pris_vare[0].pris.value, 72.4);
  EXPECT_EQ(updated.legemiddel_merkevare.size(), base.legemiddel_merkevare.size());
  EXPECT_TRUE(updated.utgatte_oppforinger.empty());

  // The caller's catalog is untouched.
  EXPECT_TRUE(base.legemiddelpakning.contains(kCorixilPakning));
  EXPECT_EQ(base.legemiddelpakning.at(kZolpidemPakning).varenr, "526181");
}

TEST(FestIncrementalTest, ExpiryOfAnOldEntryAfterItsReplacementKeepsTheObject) {
  auto base = expect_catalog(import_fest_file(fixture_path("fest-excerpt.xml")));
  // The edit arrives first (new Oppf Id); the old entry's expiry comes in a later extract.
  auto edit = expect_catalog(import_fest_file(fixture_path("fest-incremental.xml")));
  edit.utgatte_oppforinger.clear();
  base = apply_incremental(std::move(base), std::move(edit));
  FestCatalog late_expiry;
  late_expiry.hentet_dato = "2023-10-06T03:00:00";
  late_expiry.utgatte_oppforinger.push_back(UtgattOppforing{
      FestKatalog::legemiddelpakning, {"ID_9453E041-D1D0-42BA-812F-59A3C54A1C20", "", {"U"}}});

  const auto updated = apply_incremental(std::move(base), std::move(late_expiry));

  EXPECT_TRUE(updated.legemiddelpakning.contains(kZolpidemPakning));
}

TEST(FestIncrementalTest, ExpiresVirkestoffMedStyrkeThroughTheVirkestoffCatalog) {
  auto base = expect_catalog(import_fest_file(fixture_path("fest-excerpt.xml")));
  const auto result =
      import_fest_memory(R"(<FEST xmlns="http://www.kith.no/xmlstds/eresept/m30/2014-12-01">
    <HentetDato>2023-10-06T03:00:00</HentetDato>
    <KatVirkestoff><OppfVirkestoff><Id>ID_E1A0B2C3-0007-4000-8000-000000000007</Id>
      <Tidspunkt>2023-10-05T00:00:00</Tidspunkt><Status V="U"/></OppfVirkestoff></KatVirkestoff>
  </FEST>)");
  const auto updated = apply_incremental(std::move(base), expect_catalog(result));
  EXPECT_FALSE(updated.virkestoff_med_styrke.contains("ID_3D9E1F2A-4B5C-4D6E-8F70-91A2B3C4D5E6"));
  EXPECT_EQ(updated.virkestoff_med_styrke.size(), 6u);
}

}  // namespace
}  // namespace gateway::medication
