// Index extraction on realistic resources of every stored type: concrete rows per parameter,
// and the Patient compartments.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "registry_fixture.hpp"
#include "result_matchers.hpp"
#include "search/date_range.hpp"
#include "search/index_extraction.hpp"

namespace gateway::search {
namespace {

using fhir::Json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr std::string_view kBase = "https://gw.example/fhir";
constexpr std::int64_t kOpenHigh = std::numeric_limits<std::int64_t>::max();

storage::IndexValues extract(const Json& resource) {
  auto values = extract_index(testing::registry(), resource, {std::string(kBase) + "/", 2000});
  if (!values) {
    ADD_FAILURE() << values.error().diagnostics;
    return {};
  }
  return std::move(*values);
}

// Rows of one parameter, written compactly for assertions.
std::vector<std::string> tokens(const storage::IndexValues& v, std::string_view param) {
  std::vector<std::string> out;
  for (const auto& t : v.tokens) {
    if (t.param != param) continue;
    out.push_back(t.system + "|" + t.code + (t.of_type.empty() ? "" : " type " + t.of_type));
  }
  return out;
}
std::vector<std::string> strings(const storage::IndexValues& v, std::string_view param) {
  std::vector<std::string> out;
  for (const auto& s : v.strings) {
    if (s.param == param) out.push_back(s.folded + "=" + s.exact);
  }
  return out;
}
std::vector<std::string> references(const storage::IndexValues& v, std::string_view param) {
  std::vector<std::string> out;
  for (const auto& r : v.references) {
    if (r.param != param) continue;
    std::string text = r.target_id.empty() ? r.url : r.target_type + "/" + r.target_id;
    if (!r.identifier_value.empty()) {
      text += (text.empty() ? "" : " ") + std::string("id ") + r.identifier_system + "|" +
              r.identifier_value;
    }
    out.push_back(text);
  }
  return out;
}
std::vector<std::pair<std::int64_t, std::int64_t>> dates(const storage::IndexValues& v,
                                                         std::string_view param) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (const auto& d : v.dates) {
    if (d.param == param) out.emplace_back(d.low, d.high);
  }
  return out;
}
std::vector<std::string> uris(const storage::IndexValues& v, std::string_view param) {
  std::vector<std::string> out;
  for (const auto& u : v.uris) {
    if (u.param == param) out.push_back(u.uri);
  }
  return out;
}
std::pair<std::int64_t, std::int64_t> span(std::string_view text) {
  auto r = parse_date_range(text);
  EXPECT_TRUE(r.has_value()) << text;
  return r ? std::pair{r->low, r->high} : std::pair<std::int64_t, std::int64_t>{};
}
std::pair<std::int64_t, std::int64_t> span(std::string_view from, std::string_view to) {
  return {span(from).first, span(to).second};
}

constexpr const char* kFnr = "urn:oid:2.16.578.1.12.4.1.4.1";

Json patient() {
  return Json::parse(R"({
    "resourceType": "Patient", "id": "p1",
    "meta": {"profile": ["http://hl7.no/fhir/StructureDefinition/no-basis-Patient"],
             "tag": [{"system": "http://example.org/tags", "code": "test"}]},
    "identifier": [{"system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": "13116900216",
                    "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                                         "code": "NH"}]}}],
    "active": true,
    "name": [{"use": "official", "family": "Nordmann", "given": ["Kari", "Åse"],
              "prefix": ["Dr."], "text": "Dr. Kari Åse Nordmann"}],
    "telecom": [{"system": "phone", "value": "+47 22 00 00 00", "use": "home"},
                {"system": "email", "value": "kari@example.no"}],
    "gender": "female",
    "birthDate": "1969-11-13",
    "deceasedDateTime": "2024-03-01T10:00:00+01:00",
    "address": [{"line": ["Storgata 1"], "city": "Tromsø", "postalCode": "9008",
                 "country": "NO", "use": "home"}],
    "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "nb"}],
                                    "text": "bokmål"}}],
    "generalPractitioner": [{"reference": "https://gw.example/fhir/Practitioner/gp1"}],
    "managingOrganization": {"reference": "Organization/o1"},
    "link": [{"other": {"reference": "Patient/p0"}, "type": "replaces"}]
  })");
}

TEST(IndexExtraction, Patient) {
  const auto v = extract(patient());
  EXPECT_THAT(tokens(v, "identifier"),
              ElementsAre(std::string(kFnr) +
                          "|13116900216 type http://terminology.hl7.org/CodeSystem/v2-0203|NH"));
  EXPECT_THAT(tokens(v, "active"), ElementsAre("|true"));
  EXPECT_THAT(tokens(v, "gender"), ElementsAre("|female"));
  EXPECT_THAT(tokens(v, "deceased"), ElementsAre("|true"));
  EXPECT_THAT(tokens(v, "telecom"),
              UnorderedElementsAre("phone|+47 22 00 00 00", "email|kari@example.no"));
  EXPECT_THAT(tokens(v, "email"), ElementsAre("email|kari@example.no"));
  EXPECT_THAT(tokens(v, "phone"), ElementsAre("phone|+47 22 00 00 00"));
  EXPECT_THAT(tokens(v, "language"), ElementsAre("urn:ietf:bcp:47|nb"));
  EXPECT_THAT(tokens(v, "address-use"), ElementsAre("|home"));
  EXPECT_THAT(tokens(v, "_tag"), ElementsAre("http://example.org/tags|test"));
  EXPECT_THAT(strings(v, "family"), ElementsAre("nordmann=Nordmann"));
  EXPECT_THAT(strings(v, "given"), ElementsAre("kari=Kari", "}se=Åse"));
  EXPECT_THAT(strings(v, "name"),
              UnorderedElementsAre("dr. kari }se nordmann=Dr. Kari Åse Nordmann",
                                   "nordmann=Nordmann", "kari=Kari", "}se=Åse", "dr.=Dr."));
  EXPECT_THAT(strings(v, "address-city"), ElementsAre("troms|=Tromsø"));
  EXPECT_THAT(strings(v, "address"),
              UnorderedElementsAre("storgata 1=Storgata 1", "troms|=Tromsø", "9008=9008", "no=NO"));
  EXPECT_THAT(dates(v, "birthdate"), ElementsAre(span("1969-11-13")));
  EXPECT_THAT(dates(v, "death-date"), ElementsAre(span("2024-03-01T09:00:00Z")));
  EXPECT_THAT(references(v, "general-practitioner"), ElementsAre("Practitioner/gp1"));
  EXPECT_THAT(references(v, "organization"), ElementsAre("Organization/o1"));
  EXPECT_THAT(references(v, "link"), ElementsAre("Patient/p0"));
  EXPECT_THAT(uris(v, "_profile"),
              ElementsAre("http://hl7.no/fhir/StructureDefinition/no-basis-Patient"));
  // Its own compartment and the linked patient's.
  EXPECT_THAT(v.compartments, ElementsAre("Patient/p0", "Patient/p1"));
}

TEST(IndexExtraction, Condition) {
  const auto v = extract(Json::parse(R"({
    "resourceType": "Condition", "id": "c1",
    "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                   "code": "active"}]},
    "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                              "code": "problem-list-item"}]}],
    "code": {"coding": [{"system": "http://snomed.info/sct", "code": "38341003"},
                        {"system": "urn:oid:2.16.578.1.12.4.1.1.7110", "code": "I10"}],
             "text": "Hypertensjon"},
    "subject": {"reference": "https://gw.example/fhir/Patient/p1"},
    "onsetDateTime": "2019-05",
    "abatementAge": {"value": 52, "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"},
    "recordedDate": "2019-06-01",
    "asserter": {"reference": "Practitioner/pr1"}
  })"));
  EXPECT_THAT(tokens(v, "code"), ElementsAre("http://snomed.info/sct|38341003",
                                             "urn:oid:2.16.578.1.12.4.1.1.7110|I10"));
  EXPECT_THAT(tokens(v, "clinical-status"),
              ElementsAre("http://terminology.hl7.org/CodeSystem/condition-clinical|active"));
  EXPECT_THAT(references(v, "subject"), ElementsAre("Patient/p1"));
  EXPECT_THAT(references(v, "patient"), ElementsAre("Patient/p1"));
  EXPECT_THAT(references(v, "asserter"), ElementsAre("Practitioner/pr1"));
  EXPECT_THAT(dates(v, "onset-date"), ElementsAre(span("2019-05")));
  EXPECT_THAT(dates(v, "recorded-date"), ElementsAre(span("2019-06-01")));
  ASSERT_EQ(v.numbers.size(), 1u);
  EXPECT_EQ(v.numbers[0].param, "abatement-age");
  EXPECT_DOUBLE_EQ(v.numbers[0].low, 52);
  EXPECT_EQ(v.numbers[0].system, "http://unitsofmeasure.org");
  EXPECT_EQ(v.numbers[0].code, "a");
  EXPECT_THAT(v.compartments, ElementsAre("Patient/p1"));
}

TEST(IndexExtraction, DocumentReferenceWithALogicalSubject) {
  const auto v = extract(Json::parse(R"({
    "resourceType": "DocumentReference", "id": "d1",
    "masterIdentifier": {"system": "urn:ietf:rfc:3986", "value": "urn:oid:1.2.3.4"},
    "status": "current",
    "type": {"coding": [{"system": "http://loinc.org", "code": "34133-9"}]},
    "subject": {"identifier": {"system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": "13116900216"}},
    "date": "2024-02-01T08:30:00.250Z",
    "author": [{"reference": "Patient/p1"}, {"reference": "https://other.example/Practitioner/x"}],
    "description": "Epikrise",
    "content": [{"attachment": {"contentType": "application/pdf", "language": "nb",
                                "url": "https://docs.example/d1.pdf"},
                 "format": {"system": "urn:oid:1.3.6.1.4.1.19376.1.2.3", "code": "urn:ihe:iti:xds:2017:mimeTypeSufficient"}}],
    "context": {"period": {"start": "2024-01-20", "end": "2024-01-25"},
                "related": [{"reference": "#contained"}]},
    "relatesTo": [{"code": "replaces", "target": {"reference": "DocumentReference/d0"}}]
  })"));
  EXPECT_THAT(tokens(v, "identifier"), ElementsAre("urn:ietf:rfc:3986|urn:oid:1.2.3.4"));
  EXPECT_THAT(tokens(v, "status"), ElementsAre("|current"));
  EXPECT_THAT(tokens(v, "type"), ElementsAre("http://loinc.org|34133-9"));
  EXPECT_THAT(tokens(v, "contenttype"), ElementsAre("|application/pdf"));
  EXPECT_THAT(tokens(v, "relation"), ElementsAre("|replaces"));
  EXPECT_THAT(references(v, "subject"), ElementsAre(std::string("id ") + kFnr + "|13116900216"));
  EXPECT_THAT(references(v, "patient"), IsEmpty());  // resolve() cannot type a logical reference
  EXPECT_THAT(references(v, "author"),
              UnorderedElementsAre("Patient/p1", "https://other.example/Practitioner/x"));
  EXPECT_THAT(references(v, "related"), IsEmpty());
  EXPECT_THAT(references(v, "relatesto"), ElementsAre("DocumentReference/d0"));
  EXPECT_THAT(dates(v, "date"), ElementsAre(span("2024-02-01T08:30:00.250Z")));
  EXPECT_THAT(dates(v, "period"), ElementsAre(span("2024-01-20", "2024-01-25")));
  EXPECT_THAT(uris(v, "location"), ElementsAre("https://docs.example/d1.pdf"));
  EXPECT_THAT(strings(v, "description"), ElementsAre("epikrise=Epikrise"));
  EXPECT_THAT(v.compartments, ElementsAre("Patient/p1"));  // through author
  auto logical = logical_patient_references(testing::registry(), "DocumentReference", v);
  ASSERT_EQ(logical.size(), 1u);
  EXPECT_EQ(logical[0].param, "subject");
  EXPECT_EQ(logical[0].system, kFnr);
  EXPECT_EQ(logical[0].value, "13116900216");
}

TEST(IndexExtraction, AllergyIntolerance) {
  const auto v = extract(Json::parse(R"({
    "resourceType": "AllergyIntolerance", "id": "a1",
    "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}]},
    "type": "allergy", "category": ["medication"], "criticality": "high",
    "code": {"coding": [{"system": "http://snomed.info/sct", "code": "764146007", "display": "Penicillin"}]},
    "patient": {"reference": "Patient/p1"},
    "recordedDate": "2023-04-05T10:00:00Z",
    "recorder": {"reference": "Patient/p2"},
    "reaction": [{"manifestation": [{"coding": [{"system": "http://snomed.info/sct", "code": "39579001"}]}],
                  "severity": "severe", "onset": "2023-04-01"}]
  })"));
  EXPECT_THAT(tokens(v, "code"), ElementsAre("http://snomed.info/sct|764146007"));
  EXPECT_THAT(tokens(v, "criticality"), ElementsAre("|high"));
  EXPECT_THAT(tokens(v, "category"), ElementsAre("|medication"));
  EXPECT_THAT(tokens(v, "type"), ElementsAre("|allergy"));
  EXPECT_THAT(tokens(v, "manifestation"), ElementsAre("http://snomed.info/sct|39579001"));
  EXPECT_THAT(tokens(v, "severity"), ElementsAre("|severe"));
  EXPECT_THAT(dates(v, "date"), ElementsAre(span("2023-04-05T10:00:00Z")));
  EXPECT_THAT(dates(v, "onset"), ElementsAre(span("2023-04-01")));
  EXPECT_THAT(references(v, "patient"), ElementsAre("Patient/p1"));
  EXPECT_THAT(v.compartments, ElementsAre("Patient/p1", "Patient/p2"));
}

TEST(IndexExtraction, ProcedureFlagAndList) {
  const auto procedure = extract(Json::parse(R"({
    "resourceType": "Procedure", "id": "pr1", "status": "completed",
    "code": {"coding": [{"system": "http://snomed.info/sct", "code": "80146002"}]},
    "subject": {"reference": "Patient/p1"},
    "performedPeriod": {"start": "2024-05-02T08:00:00Z"},
    "performer": [{"actor": {"reference": "Practitioner/x"}}],
    "reasonReference": [{"reference": "Condition/c1"}]
  })"));
  EXPECT_THAT(tokens(procedure, "status"), ElementsAre("|completed"));
  EXPECT_THAT(dates(procedure, "date"),
              ElementsAre(std::pair{span("2024-05-02T08:00:00Z").first, kOpenHigh}));
  EXPECT_THAT(references(procedure, "reason-reference"), ElementsAre("Condition/c1"));
  EXPECT_THAT(procedure.compartments, ElementsAre("Patient/p1"));

  const auto flag = extract(Json::parse(R"({
    "resourceType": "Flag", "id": "f1", "status": "active",
    "code": {"coding": [{"system": "http://example.org/flags", "code": "risk"}]},
    "subject": {"reference": "Patient/p1"},
    "period": {"start": "2024-01-01", "end": "2024-12"}
  })"));
  EXPECT_THAT(dates(flag, "date"), ElementsAre(span("2024-01-01", "2024-12")));
  EXPECT_THAT(references(flag, "patient"), ElementsAre("Patient/p1"));
  EXPECT_THAT(flag.compartments, ElementsAre("Patient/p1"));

  const auto list = extract(Json::parse(R"({
    "resourceType": "List", "id": "l1", "status": "current", "mode": "working",
    "title": "Kritisk informasjon",
    "code": {"coding": [{"system": "http://loinc.org", "code": "8716-3"}]},
    "subject": {"reference": "Patient/p1"}, "source": {"reference": "Patient/p3"},
    "date": "2024-06-01",
    "entry": [{"item": {"reference": "AllergyIntolerance/a1"}}, {"item": {"reference": "Flag/f1"}}],
    "note": [{"text": "Sjekket"}]
  })"));
  EXPECT_THAT(strings(list, "title"), ElementsAre("kritisk informasjon=Kritisk informasjon"));
  EXPECT_THAT(strings(list, "notes"), ElementsAre("sjekket=Sjekket"));
  EXPECT_THAT(references(list, "item"), ElementsAre("AllergyIntolerance/a1", "Flag/f1"));
  EXPECT_THAT(list.compartments, ElementsAre("Patient/p1", "Patient/p3"));
}

TEST(IndexExtraction, DeviceAndDeviceUseStatement) {
  const auto device = extract(Json::parse(R"({
    "resourceType": "Device", "id": "dev1", "status": "active",
    "identifier": [{"system": "http://example.org/serial", "value": "SN-1"}],
    "udiCarrier": [{"deviceIdentifier": "0884521", "carrierHRF": "(01)0884521"}],
    "manufacturer": "Acme", "modelNumber": "X-1",
    "deviceName": [{"name": "Insulinpumpe", "type": "user-friendly-name"}],
    "type": {"coding": [{"system": "http://snomed.info/sct", "code": "69805005", "display": "Insulin pump"}]},
    "patient": {"reference": "Patient/p1"},
    "url": "https://devices.example/dev1"
  })"));
  EXPECT_THAT(tokens(device, "identifier"), ElementsAre("http://example.org/serial|SN-1"));
  EXPECT_THAT(strings(device, "device-name"),
              ElementsAre("insulinpumpe=Insulinpumpe", "insulin pump=Insulin pump"));
  EXPECT_THAT(strings(device, "udi-di"), ElementsAre("0884521=0884521"));
  EXPECT_THAT(strings(device, "manufacturer"), ElementsAre("acme=Acme"));
  EXPECT_THAT(uris(device, "url"), ElementsAre("https://devices.example/dev1"));
  EXPECT_THAT(references(device, "patient"), ElementsAre("Patient/p1"));
  EXPECT_THAT(device.compartments, IsEmpty());  // Device is not in the R4B Patient compartment

  const auto use = extract(Json::parse(R"({
    "resourceType": "DeviceUseStatement", "id": "u1", "status": "active",
    "subject": {"reference": "Patient/p1"}, "device": {"reference": "Device/dev1"}
  })"));
  EXPECT_THAT(references(use, "device"), ElementsAre("Device/dev1"));
  EXPECT_THAT(references(use, "patient"), ElementsAre("Patient/p1"));
  EXPECT_THAT(use.compartments, ElementsAre("Patient/p1"));
}

TEST(IndexExtraction, AuditEventConsentAndBinary) {
  const auto audit = extract(Json::parse(R"({
    "resourceType": "AuditEvent", "id": "ae1",
    "type": {"system": "http://terminology.hl7.org/CodeSystem/audit-event-type", "code": "rest"},
    "subtype": [{"system": "http://hl7.org/fhir/restful-interaction", "code": "read"}],
    "action": "R", "recorded": "2024-07-01T12:00:00.123+02:00", "outcome": "0",
    "agent": [{"who": {"reference": "Practitioner/x"}, "requestor": true, "name": "Lege Legesen",
               "network": {"address": "10.0.0.1", "type": "2"}},
              {"who": {"reference": "Patient/p1"}, "requestor": false}],
    "source": {"observer": {"reference": "Device/gw"}},
    "entity": [{"what": {"reference": "DocumentReference/d1"}}]
  })"));
  // Outside the access log's parameters (default_searched_parameters): no rows.
  EXPECT_THAT(tokens(audit, "type"), IsEmpty());
  EXPECT_THAT(strings(audit, "agent-name"), IsEmpty());
  EXPECT_THAT(strings(audit, "address"), IsEmpty());
  EXPECT_THAT(tokens(audit, "action"), ElementsAre("|R"));
  EXPECT_THAT(dates(audit, "date"), ElementsAre(span("2024-07-01T10:00:00.123Z")));
  EXPECT_THAT(tokens(audit, "subtype"),
              ElementsAre("http://hl7.org/fhir/restful-interaction|read"));
  EXPECT_THAT(references(audit, "agent"), UnorderedElementsAre("Practitioner/x", "Patient/p1"));
  EXPECT_THAT(references(audit, "patient"), ElementsAre("Patient/p1"));
  EXPECT_THAT(references(audit, "entity"), ElementsAre("DocumentReference/d1"));
  EXPECT_THAT(audit.compartments, ElementsAre("Patient/p1"));

  // One value reached by two paths (purposeOfEvent and the agent's purposeOfUse) is one row.
  const auto purposes = extract(Json::parse(R"({
    "resourceType": "AuditEvent", "id": "ae2", "recorded": "2024-07-01T12:00:00Z",
    "type": {"code": "rest"},
    "purposeOfEvent": [{"coding": [{"system": "urn:oid:2.16.840.1.113883.1.11.20448", "code": "TREAT"}]}],
    "agent": [{"who": {"reference": "Practitioner/x"}, "requestor": true,
               "purposeOfUse": [{"coding": [{"system": "urn:oid:2.16.840.1.113883.1.11.20448", "code": "TREAT"}]}]}],
    "source": {"observer": {"reference": "Device/gw"}}
  })"));
  EXPECT_THAT(tokens(purposes, "purpose"),
              ElementsAre("urn:oid:2.16.840.1.113883.1.11.20448|TREAT"));

  const auto consent = extract(Json::parse(R"({
    "resourceType": "Consent", "id": "co1", "status": "active",
    "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]},
    "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
    "patient": {"reference": "Patient/p1"}, "dateTime": "2024-01-15",
    "provision": {"type": "deny", "period": {"start": "2024-01-15", "end": "2025-01-14"},
                  "actor": [{"role": {"text": "x"}, "reference": {"reference": "Organization/o1"}}]}
  })"));
  EXPECT_THAT(tokens(consent, "scope"),
              ElementsAre("http://terminology.hl7.org/CodeSystem/consentscope|patient-privacy"));
  EXPECT_THAT(dates(consent, "period"), ElementsAre(span("2024-01-15", "2025-01-14")));
  EXPECT_THAT(dates(consent, "date"), ElementsAre(span("2024-01-15")));
  EXPECT_THAT(references(consent, "actor"), ElementsAre("Organization/o1"));
  EXPECT_THAT(consent.compartments, ElementsAre("Patient/p1"));

  const auto binary = extract(Json::parse(R"({
    "resourceType": "Binary", "id": "b1", "contentType": "application/pdf", "data": "JVBERi0=",
    "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}]}
  })"));
  EXPECT_THAT(tokens(binary, "_security"),
              ElementsAre("http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R"));
  EXPECT_THAT(binary.compartments, IsEmpty());
}

TEST(IndexExtraction, Refusals) {
  EXPECT_THAT(extract_index(testing::registry(),
                            Json::parse(R"({"resourceType": "Observation", "id": "o"})"), {}),
              gateway::testing::HasErrorKind(fhir::ErrorKind::invalid_request));
  EXPECT_THAT(extract_index(testing::registry(), Json::parse(R"({"resourceType": "Patient"})"), {}),
              gateway::testing::HasErrorKind(fhir::ErrorKind::invalid_request));
  Json many = Json::parse(R"({"resourceType": "Patient", "id": "p", "identifier": []})");
  for (int i = 0; i < 50; ++i)
    many["identifier"].push_back({{"system", "s"}, {"value", std::to_string(i)}});
  auto limited = extract_index(testing::registry(), many, {std::string(kBase), 40});
  ASSERT_THAT(limited, gateway::testing::HasErrorKind(fhir::ErrorKind::unprocessable));
  EXPECT_EQ(limited.error().expression, "identifier");
  EXPECT_THAT(extract_index(testing::registry(), many, {std::string(kBase), 60}),
              gateway::testing::IsOk());
}

}  // namespace
}  // namespace gateway::search
