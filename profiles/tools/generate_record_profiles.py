#!/usr/bin/python3
# Writes the profiles of the stored patient records (Patient, AllergyIntolerance, Consent) as
# differentials, the Norwegian CodeSystems and ValueSets they bind to, and our SearchParameters
# on the stored types, into profiles/.
"""Regenerate with:
  /usr/bin/python3 profiles/tools/generate_record_profiles.py
  /usr/bin/python3 profiles/tools/generate_snapshots.py

This script writes differentials only; generate_snapshots.py then fills in the snapshots.
The codes come from /work/shared/reference/critical-information.md (kjernejournal critical
information) and document-sharing-mhd.md (Volven 9602); see the description of each CodeSystem
for where a list comes from and how sure we are of it.
"""
import json
import pathlib

from canonical import BASE, header
OUT = pathlib.Path(__file__).resolve().parent.parent
CORE = "http://hl7.org/fhir/StructureDefinition/"

# Norwegian person identifiers (urn:oid:2.16.578.1.12.4.1.4.*): slice name, OID, what it is.
PERSON_IDENTIFIERS = [
    ("fnr", "urn:oid:2.16.578.1.12.4.1.4.1", "Fødselsnummer"),
    ("dnr", "urn:oid:2.16.578.1.12.4.1.4.2", "D-nummer"),
    ("hnr", "urn:oid:2.16.578.1.12.4.1.4.3", "Felles hjelpenummer (H-nummer)"),
]

KJ_CS = "http://nhn.no/kj/fhir/CodeSystem/"
VOLVEN = "urn:oid:2.16.578.1.12.4.1.1."

# (id, url, name, title, description, concepts [(code, display, parent)], hierarchy meaning)
CODE_SYSTEMS = [
    ("kj-type-of-reaction", KJ_CS + "TypeOfReaction", "KjTypeOfReaction",
     "Type of reaction (kjernejournal critical information)",
     "Types of hypersensitivity reaction used in AllergyIntolerance.reaction.manifestation by "
     "NHN's critical-information (kritisk informasjon) API in kjernejournal. NOT VERIFIED "
     "AGAINST NHN: NHN's pages name the code system but do not list it; this list comes from a "
     "third-party client (leakingmemory/themaster, MedicalCodedValue.cpp). Codes 11 and 19 are "
     "absent in that source as well.",
     [("1", "Anafylaktisk reaksjon"), ("2", "Blodtrykksfall"), ("3", "Alvorlig arytmi"),
      ("4", "Obstruksjon i øvre luftveier (inkl larynxødem)"),
      ("5", "Obstruksjon i nedre luftveier (inkl astma)"), ("6", "Uspesifisert tung pust"),
      ("7", "Redusert bevissthet/forvirring"), ("8", "Generaliserte kramper"),
      ("9", "Angioødem/generalisert urticaria"), ("10", "Hudreaksjon INA"),
      ("12", "Irritasjon i slimhinner"), ("13", "Oppkast, diaré, magesmerter"),
      ("14", "Nyresvikt/redusert nyrefunksjon"), ("15", "Blodaplasier/bloddysplasier"),
      ("16", "Leversvikt/redusert leverfunksjon"), ("17", "Rhabdomyolyse"),
      ("18", "Annen alvorlig reaksjon"), ("20", "Ukjent reaksjon")], None),
    ("kj-source-of-information", KJ_CS + "SourceOfInformation", "KjSourceOfInformation",
     "Source of information (kjernejournal critical information)",
     "Where a critical-information record's information comes from (the KjSourceOfInformation "
     "extension of NHN's Kj profiles). Codes 1 and 2 appear on NHN's API pages; the full list "
     "comes from a third-party client (leakingmemory/themaster, MedicalCodedValue.cpp) and is NOT "
     "VERIFIED AGAINST NHN.",
     [("1", "Resultat av tester / analyser"), ("2", "Observert av behandlende lege"),
      ("3", "Pasientens egne opplysninger"), ("4", "Pårørendes opplysninger"),
      ("5", "Hentet fra tidligere journal"), ("6", "Annet"),
      ("7", "Opplyst av ansvarlig behandler")], None),
    ("volven-7514", VOLVEN + "7514", "Volven7514AnnenAllergi",
     "Annen allergi som kritisk informasjon (Volven 7514)",
     "Allergens other than medicinal products that are registered as critical information in "
     "kjernejournal (Volven code system 7514, publisher Norsk Helsenett). HL7 Norway's demo "
     "AllergyIntolerance IG publishes the same codes under "
     "http://helsedir.no/fhir/CodeSystem/no-kodeverk-7514; the gateway uses the OID.",
     [("1", "Melk"), ("2", "Egg"), ("3", "Hvete"), ("4", "Skalldyr"), ("5", "Fisk"),
      ("6", "Erter"), ("7", "Soya"), ("8", "Lupin"), ("9", "Bukkhornskløver"),
      ("10", "Peanøtt"), ("11", "Andre nøtter enn peanøtter"), ("12", "Valmuefrø"),
      ("13", "Insektgift"), ("14", "Latex"), ("15", "Annen viktig allergi")], None),
]

# Volven 9602 Dokumenttype: class codes (category, `X00-1`) and their type codes (type, `Xnn-2`).
DOCUMENT_TYPES = [
    ("A00-1", "Epikriser og sammenfatninger", [
        ("A01-2", "Kriseplan"), ("A02-2", "Individuell plan"), ("A03-2", "Epikrise"),
        ("A04-2", "Sykepleiesammenfatning"), ("A05-2", "Fysioterapisammenfatning"),
        ("A06-2", "Ergoterapisammenfatning"), ("A07-2", "Psykologsammenfatning"),
        ("A08-2", "Sosionomsammenfatning"), ("A09-2", "Ernæringsfysiologsammenfatning"),
        ("A10-2", "Annet fagpersonell sammenfatning"), ("A11-2", "Tverrfaglig sammenfatning"),
        ("A12-2", "Utskrivings-/Pasientorientering"), ("A13-2", "Poliklinisk epikrise")]),
    ("B00-1", "Kontinuerlig/løpende journal", [
        ("B01-2", "Tverrfaglig behandlingsplan"), ("B02-2", "Journalnotat"),
        ("B03-2", "Poliklinisk notat")]),
    ("C00-1", "Prøvesvar, vev og væsker", [
        ("C01-2", "Medisinsk biokjemi"), ("C02-2", "Blodbank og immunologi"),
        ("C03-2", "Mikrobiologi, virologi og serologi"),
        ("C04-2", "Patologi, histologi og cytologi"), ("C05-2", "Klinisk farmakologi"),
        ("C06-2", "Medisinsk genetikk"), ("C07-2", "Allergiutredning")]),
    ("D00-1", "Organfunksjon", [
        ("D01-2", "Hjerte og kretsløp"), ("D02-2", "Lunge"), ("D03-2", "Fordøyelse"),
        ("D04-2", "Urinveier"), ("D05-2", "Gyn/Reproduksjon"), ("D06-2", "Nervesystemet"),
        ("D07-2", "Ledd/ ben/ skjelett"), ("D08-2", "ØNH"), ("D09-2", "Øye"), ("D10-2", "Hud"),
        ("D11-2", "Endokrinologi"), ("D12-2", "Metabolisme"), ("D13-2", "Beinmargsutstryk")]),
    ("E00-1", "Bildediagnostikk og andre medisinske bilder", [
        ("E01-2", "Diagnostiske bilder")]),
    ("F00-1", "Kurve, observasjon og behandling", [
        ("F01-2", "Kurve"), ("F02-2", "Anestesi- og opr. Rapporter"),
        ("F03-2", "Intensiv/postoperativ observasjon"), ("F04-2", "Svangerskap og fødsel"),
        ("F05-2", "Diabetes/ endokrinologi"), ("F06-2", "Onkologi/ hematologi"),
        ("F07-2", "Nyre/ dialyse"), ("F08-2", "Smertebehandling"), ("F09-2", "Ambulansejournal"),
        ("F10-2", "Transplantasjon")]),
    ("I00-1", "Korrespondanse", [("I01-2", "Henvisninger"), ("I02-2", "Brev")]),
    ("J00-1", "Attester, melding og erklæringer", [
        ("J01-2", "Sykmeldinger og trygdesaker"), ("J02-2", "Legeerklæring om dødsfall")]),
    ("S00-1", "Test og scoring", [
        ("S01-2", "Tester"), ("S02-2", "Systematiserte diagnostiske intervju"),
        ("S03-2", "Voldsrisikovurdering")]),
]
CODE_SYSTEMS.append(
    ("volven-9602", VOLVEN + "9602", "Volven9602Dokumenttype", "Dokumenttype (Volven 9602)",
     "Document class and type codes of the Norwegian XDS metadata profile (HIS 1169:2016), used "
     "for DocumentReference.category (class codes, ending in 00-1) and DocumentReference.type "
     "(type codes, ending in -2) when documents are shared (Pasientens journaldokumenter). The "
     "same list is HL7 Norway's no-basis ValueSet "
     "http://hl7.no/fhir/ValueSet/no-basis-documentreference-type. Each type code names its "
     "class code in the `parent` property.",
     [(cls, cls_display) for cls, cls_display, _ in DOCUMENT_TYPES]
     + [(code, display, cls) for cls, _, types in DOCUMENT_TYPES for code, display in types],
     "grouped-by"))

# (ValueSet id, title, description, CodeSystem ids it includes whole)
VALUE_SETS = [
    ("kj-type-of-reaction", "Type of reaction (kjernejournal)",
     "Every code of NHN's TypeOfReaction code system (unverified list; see the CodeSystem).",
     ["kj-type-of-reaction"]),
    ("kj-source-of-information", "Source of information (kjernejournal)",
     "Every code of NHN's SourceOfInformation code system (unverified list; see the CodeSystem).",
     ["kj-source-of-information"]),
    ("volven-7514", "Annen allergi som kritisk informasjon",
     "Every code of Volven 7514: allergens other than medicinal products.",
     ["volven-7514"]),
    ("volven-9602", "Dokumenttype (Volven 9602)",
     "Every code of Volven 9602, class codes and type codes.", ["volven-9602"]),
]


def el(element_id, **kw):
    d = {"id": element_id, "path": ".".join(s.split(":")[0] for s in element_id.split("."))}
    d.update(kw)
    return d


def structure_definition(sid, t, name, title, description, differential, root=None):
    return {
        **header("StructureDefinition", sid, f"{BASE}/StructureDefinition/{sid}", name, title,
                 description),
        "fhirVersion": "4.3.0",
        "kind": "resource",
        "abstract": False,
        "type": t,
        "baseDefinition": CORE + t,
        "derivation": "constraint",
        "differential": {"element": [el(t, **(root or {}))] + differential},
    }


def patient_profile():
    diff = [el("Patient.identifier",
               slicing={"discriminator": [{"type": "value", "path": "system"}],
                        "description": "Norwegian person identifiers, by their OID",
                        "rules": "open"})]
    for n, (name, system, what) in enumerate(PERSON_IDENTIFIERS, start=1):
        sliced = f"Patient.identifier:{name}"
        diff += [
            # a person's earlier numbers may be kept beside the current one (use: old)
            el(sliced, sliceName=name, short=what, min=0, max="*"),
            el(f"{sliced}.system", min=1, fixedUri=system),
            el(f"{sliced}.value", short=f"{what}: 11 digits", min=1, constraint=[{
                "key": f"gw-pat-{n}", "severity": "error",
                "human": f"A {what} is 11 digits",
                "expression": "matches('^[0-9]{11}$')"}]),
        ]
    return structure_definition(
        "gateway-patient", "Patient", "GatewayPatient", "Patient (FHIR gateway)",
        "A Patient as the gateway stores it. Norwegian person identifiers (fødselsnummer, "
        "D-nummer, H-nummer) are recognised by their system and must be 11 digits; any other "
        "identifier is allowed, and nothing is required beyond the base resource.",
        diff)


def value_set_url(vid):
    return f"{BASE}/ValueSet/{vid}"


def allergy_profile():
    return structure_definition(
        "gateway-allergyintolerance", "AllergyIntolerance", "GatewayAllergyIntolerance",
        "AllergyIntolerance (FHIR gateway, critical information)",
        "An allergy or intolerance as the gateway stores it, for critical information "
        "(kritisk informasjon) in the style of NHN's KjAllergyIntolerance: the agent (code) is "
        "required; other allergens are coded with Volven 7514 and reactions with NHN's "
        "TypeOfReaction where they fit (extensible bindings, so drug codes such as ATC and other "
        "code systems stay allowed).",
        [
            el("AllergyIntolerance.code", short="The agent: substance, product or allergen",
               min=1, mustSupport=True,
               binding={"strength": "extensible",
                        "description": "Allergens other than medicinal products (Volven 7514); "
                                       "medicinal products are coded outside this value set "
                                       "(ATC, FEST)",
                        "valueSet": value_set_url("volven-7514")}),
            el("AllergyIntolerance.reaction.manifestation",
               binding={"strength": "extensible",
                        "description": "Type of reaction (kjernejournal)",
                        "valueSet": value_set_url("kj-type-of-reaction")}),
        ])


PRIVACY_SCOPE = ("scope.coding.where(system='http://terminology.hl7.org/CodeSystem/consentscope' "
                 "and code='patient-privacy').exists()")
ALL_PROVISIONS = "(provision | provision.repeat(provision))"


def consent_profile():
    hpr, orgnr = "urn:oid:2.16.578.1.12.4.1.4.4", "urn:oid:2.16.578.1.12.4.1.4.101"
    rules = [
        ("gw-con-1", "A privacy Consent names its patient and states its rule in provision.type",
         f"{PRIVACY_SCOPE} implies (patient.exists() and provision.type.exists())"),
        ("gw-con-2", "The actors of a privacy Consent are named by HPR number or organisation "
         "number (Reference.identifier)",
         f"{PRIVACY_SCOPE} implies {ALL_PROVISIONS}.actor.all(reference.identifier.where("
         f"(system='{hpr}' or system='{orgnr}') and value.exists()).exists())"),
        ("gw-con-3", "The data of a privacy Consent are literal references (Type/id)",
         f"{PRIVACY_SCOPE} implies {ALL_PROVISIONS}.data.all(reference.reference.exists())"),
    ]
    return structure_definition(
        "gateway-consent", "Consent", "GatewayConsent", "Consent (FHIR gateway, privacy registry)",
        "A Consent of the gateway's privacy registry. Consents of scope patient-privacy are "
        "enforced: a deny provision without actor or data is a reservation, one with data blocks "
        "those resources, one with actors (HPR number, organisation number) blocks those callers. "
        "For them the rule must be stated and the actors and data named so the gateway can apply "
        "them; other Consents are stored as they come.",
        [],
        root={"constraint": [{"key": k, "severity": "error", "human": h, "expression": e}
                             for k, h, e in rules]})


def code_system(cid, url, name, title, description, concepts, hierarchy):
    cs = {
        **header("CodeSystem", cid, url, name, title, description),
        "caseSensitive": True,
        "valueSet": value_set_url(cid),
    }
    if hierarchy:
        cs["hierarchyMeaning"] = hierarchy
    cs["content"] = "complete"
    cs["count"] = len(concepts)
    if any(len(c) > 2 for c in concepts):
        cs["property"] = [{"code": "parent", "uri": "http://hl7.org/fhir/concept-properties#parent",
                           "description": "The class code a type code belongs to",
                           "type": "code"}]
    cs["concept"] = []
    for c in concepts:
        concept = {"code": c[0], "display": c[1]}
        if len(c) > 2:
            concept["property"] = [{"code": "parent", "valueCode": c[2]}]
        cs["concept"].append(concept)
    return cs


def value_set(vid, title, description, system_urls):
    return {
        **header("ValueSet", vid, value_set_url(vid), "".join(p.capitalize() for p in vid.split("-")),
                 title, description),
        "compose": {"include": [{"system": url} for url in system_urls]},
    }


# Search parameters of our own on the stored types.
SEARCH_PARAMETERS = [
    ("AuditEvent-entity-identifier", "AuditEvent", "entity-identifier", "token",
     "AuditEvent.entity.what.identifier",
     "An entity named by identifier: the patient (fødselsnummer, D-nummer) or a request id"),
    # R4's AuditEvent-purpose, which the R4B core package does not carry.
    ("AuditEvent-purpose", "AuditEvent", "purpose", "token",
     "AuditEvent.purposeOfEvent | AuditEvent.agent.purposeOfUse",
     "The purpose of use of the event or of an agent (TREAT, ETREAT, COC, BTG)"),
    # IHE MHD's own parameters (ITI-67, ITI-66), which the R4B core package does not carry.
    ("DocumentReference-creation", "DocumentReference", "creation", "date",
     "DocumentReference.content.attachment.creation",
     "When the document itself was created (IHE MHD creation; XDS creationTime)"),
    ("List-designationType", "List", "designationType", "token",
     "List.extension('https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-designationType')"
     ".value",
     "The clinical type of a submission set or the codes of a folder (IHE MHD designationType)"),
    ("List-sourceId", "List", "sourceId", "token",
     "List.extension('https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-sourceId').value",
     "The system that published a submission set (IHE MHD sourceId)"),
]


def search_parameter(sid, base, code, kind, expression, description):
    sp = header("SearchParameter", sid, f"{BASE}/SearchParameter/{sid}", sid.replace("-", "_"),
                description, description)
    del sp["title"]  # SearchParameter has no title in R4B
    sp.update({"code": code, "base": [base], "type": kind, "expression": expression})
    return sp


def write(name, resource):
    (OUT / name).write_text(json.dumps(resource, indent=2, ensure_ascii=False) + "\n",
                            encoding="utf-8")


def main():
    for sd in (patient_profile(), allergy_profile(), consent_profile()):
        write(f"StructureDefinition-{sd['id']}.json", sd)
    urls = {}
    for row in CODE_SYSTEMS:
        cs = code_system(*row)
        urls[cs["id"]] = cs["url"]
        write(f"CodeSystem-{cs['id']}.json", cs)
    for vid, title, description, cids in VALUE_SETS:
        write(f"ValueSet-{vid}.json", value_set(vid, title, description, [urls[c] for c in cids]))
    for row in SEARCH_PARAMETERS:
        write(f"SearchParameter-{row[0]}.json", search_parameter(*row))


if __name__ == "__main__":
    main()
