// Builds FEST catalogs of many merkevarer with chosen names, for paging and sorting tests.
#pragma once

#include <string>
#include <vector>

#include "test_support.hpp"

namespace gateway::medication::testing {

inline LegemiddelMerkevare synthetic_merkevare(const std::string& id, const std::string& name) {
  LegemiddelMerkevare m;
  m.oppforing = {"OPPF_" + id, "2024-03-01T12:00:00", {"A", "", "Aktiv oppføring", ""}};
  m.id = id;
  m.navn_form_styrke = name;
  m.varenavn = name;
  m.reseptgruppe = {"C", "", "Reseptgruppe C", ""};
  m.atc = Coded{"N02BE01", "2.16.578.1.12.4.1.1.7180", "Paracetamol", ""};
  return m;
}

inline Legemiddelpakning synthetic_pakning(const std::string& id, const std::string& merkevare,
                                           const std::string& name, const std::string& varenr) {
  Legemiddelpakning p;
  p.oppforing = {"OPPF_" + id, "2024-03-01T12:00:00", {"A", "", "Aktiv oppføring", ""}};
  p.id = id;
  p.navn_form_styrke = name;
  p.reseptgruppe = {"C", "", "Reseptgruppe C", ""};
  p.varenr = varenr;
  Pakningsinfo info;
  info.ref_legemiddel_merkevare = merkevare;
  info.pakningsstr = "20";
  info.enhet_pakning = {"stk", "2.16.578.1.12.4.1.1.7452", "stykk", ""};
  info.pakningstype = {"169", "2.16.578.1.12.4.1.1.7449", "Blisterpakning", ""};
  info.mengde = {20, "20"};
  p.pakningsinfo.push_back(info);
  return p;
}

// `names` become merkevarer ID_M000.. with one pakning each (ID_P000.., varenr 100000..).
inline FestCatalog synthetic_fest(const std::vector<std::string>& names) {
  FestCatalog fest;
  fest.hentet_dato = "2024-03-01T12:00:00";
  for (std::size_t i = 0; i < names.size(); ++i) {
    char m[32], p[32], v[32];
    std::snprintf(m, sizeof m, "ID_M%03zu", i);
    std::snprintf(p, sizeof p, "ID_P%03zu", i);
    std::snprintf(v, sizeof v, "%06zu", 100000 + i);
    fest.legemiddel_merkevare[m] = synthetic_merkevare(m, names[i]);
    fest.legemiddelpakning[p] = synthetic_pakning(p, m, names[i], v);
  }
  return fest;
}

}  // namespace gateway::medication::testing
