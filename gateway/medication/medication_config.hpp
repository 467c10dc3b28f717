// Configuration of the medication module: setting keys and the typed config they load into.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fhir/search_common.hpp"
#include "ops/settings.hpp"

namespace gateway::medication {

struct MedicationConfig {
  std::string fest_path;         // FEST file to import at start ("" = use the snapshot only)
  bool snapshot_enabled = true;  // persist the built catalog in data_dir and load it at start
  std::string data_dir;          // where the snapshot lives ("" = no snapshot)
  std::string public_base_url;   // external FHIR base for Bundle links, e.g. "https://host/fhir"
  fhir::PagingLimits paging{20, 100};
  std::size_t max_include = 1000;  // resources added by _include/_revinclude per page

  std::string snapshot_path() const;  // data_dir + "/medication-catalog.snapshot", or ""
};

// Keys: fest, fest_snapshot, medication_max_include. Paging limits are the core's
// (count_default, count_max).
std::vector<ops::SettingSpec> medication_setting_specs();

// Reads the medication keys; data_dir and public_base_url come from the core settings.
// Invalid values are recorded in `settings.errors()`.
MedicationConfig load_medication_config(ops::SettingsReader& settings, std::string data_dir,
                                        std::string public_base_url, fhir::PagingLimits paging);

}  // namespace gateway::medication
