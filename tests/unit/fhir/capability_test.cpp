// The CapabilityStatement reflects what was registered.
#include "fhir/capability.hpp"

#include <gtest/gtest.h>

namespace gateway::fhir {
namespace {

TEST(CapabilityStatement, EmptyRegistryStillDescribesTheServer) {
  CapabilityRegistry registry;
  const Json cs = registry.build("https://gw.example/fhir", "1.2.3", "2026-01-01T00:00:00Z");
  EXPECT_EQ(cs["resourceType"], "CapabilityStatement");
  EXPECT_EQ(cs["fhirVersion"], "4.3.0");
  EXPECT_EQ(cs["kind"], "instance");
  EXPECT_EQ(cs["implementation"]["url"], "https://gw.example/fhir");
  EXPECT_EQ(cs["software"]["version"], "1.2.3");
  EXPECT_EQ(cs["rest"][0]["mode"], "server");
  EXPECT_FALSE(cs["rest"][0].contains("resource"));
}

TEST(CapabilityStatement, ListsRegisteredResourcesParamsAndSecurity) {
  CapabilityRegistry registry;
  ResourceCapability r;
  r.type = "MedicinalProductDefinition";
  r.profile = "http://hl7.org/fhir/StructureDefinition/MedicinalProductDefinition";
  r.supported_profiles = {"https://example/StructureDefinition/mpd"};
  r.interactions = {"read", "search-type"};
  r.search_params = {{"name", "string", "https://example/SearchParameter/name", "by name"}};
  r.search_includes = {"MedicinalProductDefinition:ingredient"};
  registry.add_resource(r);
  registry.set_security({false, "HelseID DPoP", {"OAuth"}});
  const Json cs = registry.build("b", "v", "2026-01-01");
  const Json& res = cs["rest"][0]["resource"][0];
  EXPECT_EQ(res["type"], "MedicinalProductDefinition");
  EXPECT_EQ(res["interaction"][1]["code"], "search-type");
  EXPECT_EQ(res["searchParam"][0]["definition"], "https://example/SearchParameter/name");
  EXPECT_EQ(res["searchInclude"][0], "MedicinalProductDefinition:ingredient");
  EXPECT_EQ(res["conditionalRead"], "full-support");
  EXPECT_EQ(cs["rest"][0]["security"]["service"][0]["coding"][0]["code"], "OAuth");
}

}  // namespace
}  // namespace gateway::fhir
