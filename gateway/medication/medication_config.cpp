// The medication setting keys and their loader.
#include "medication/medication_config.hpp"

namespace gateway::medication {

std::string MedicationConfig::snapshot_path() const {
  if (data_dir.empty() || !snapshot_enabled) return {};
  return data_dir + "/medication-catalog.snapshot";
}

std::vector<ops::SettingSpec> medication_setting_specs() {
  return {
      {"fest", "", "FEST M30 file (xml, gz or zip) to import at start and on reload"},
      {"fest_snapshot", "true", "Persist the medication catalog in the data dir for fast restarts"},
      {"medication_max_include", "1000", "Most resources _include/_revinclude add to one page"},
  };
}

MedicationConfig load_medication_config(ops::SettingsReader& settings, std::string data_dir,
                                        std::string public_base_url, fhir::PagingLimits paging) {
  MedicationConfig config;
  config.fest_path = settings.text("fest");
  config.snapshot_enabled = settings.boolean("fest_snapshot", true);
  config.data_dir = std::move(data_dir);
  while (!public_base_url.empty() && public_base_url.back() == '/') public_base_url.pop_back();
  config.public_base_url = std::move(public_base_url);
  config.paging = paging;
  config.max_include =
      static_cast<std::size_t>(settings.integer("medication_max_include", 1000, 0, 100000));
  return config;
}

}  // namespace gateway::medication
