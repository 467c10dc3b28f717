#!/usr/bin/python3
# Writes the medication profiles (StructureDefinitions) and SearchParameters into profiles/.
"""Regenerate with: /usr/bin/python3 profiles/tools/generate_profiles.py
then /usr/bin/python3 profiles/tools/generate_snapshots.py (this script writes differentials only).

The table of search parameters here must match gateway/medication/index/search_parameters.cpp;
tests/unit/medication/profiles_test.cpp checks that they agree.
"""
import json
import pathlib

from canonical import BASE, DATE, PUBLISHER, header
OUT = pathlib.Path(__file__).resolve().parent.parent

MPD = "MedicinalProductDefinition"
PPD = "PackagedProductDefinition"
ING = "Ingredient"
SD = "SubstanceDefinition"
MID = "ManufacturedItemDefinition"
APD = "AdministrableProductDefinition"
RA = "RegulatedAuthorization"
CUD = "ClinicalUseDefinition"
TYPES = [MPD, PPD, ING, SD, MID, APD, RA, CUD]

# (code, type, FHIRPath expression, targets, modifiers, description, derived-from base code)
COMMON = [
    ("_id", "token", "{T}.id", [], [], "Logical id of the resource (derived from the FEST Id)", None),
    ("_lastUpdated", "date", "{T}.meta.lastUpdated", [], [],
     "When the FEST entry was last changed (Oppf/Tidspunkt)", None),
]
PARAMS = {
    MPD: [
        ("identifier", "token", "MedicinalProductDefinition.identifier", [], [],
         "FEST LegemiddelMerkevare Id", "identifier"),
        ("name", "string", "MedicinalProductDefinition.name.productName", [], ["exact", "contains"],
         "Product name (NavnFormStyrke); prefix match, case- and accent-insensitive", "name"),
        ("product-classification", "token", "MedicinalProductDefinition.classification", [], ["below"],
         "ATC code (http://www.whocc.no/atc); :below matches an ATC group", "product-classification"),
        ("ingredient", "token", "MedicinalProductDefinition.ingredient", [], [],
         "Active substance (FEST Virkestoff Id)", "ingredient"),
        ("dose-form", "token", "MedicinalProductDefinition.combinedPharmaceuticalDoseForm", [], [],
         "Dose form (LegemiddelformKort, urn:oid:2.16.578.1.12.4.1.1.7448)", None),
        ("legal-status-of-supply", "token", "MedicinalProductDefinition.legalStatusOfSupply", [], [],
         "Reseptgruppe (urn:oid:2.16.578.1.12.4.1.1.7421)", None),
        ("route", "token", "MedicinalProductDefinition.route", [], [],
         "Route of administration (urn:oid:2.16.578.1.12.4.1.1.7477)", None),
        ("status", "token", "MedicinalProductDefinition.status", [], [], "Publication status", "status"),
    ],
    PPD: [
        ("identifier", "token",
         "PackagedProductDefinition.identifier | PackagedProductDefinition.package.identifier", [], [],
         "FEST LegemiddelPakning Id, varenummer (https://farmalogg.no/varenummer) or GTIN", "identifier"),
        ("name", "string", "PackagedProductDefinition.name", [], ["exact", "contains"],
         "Package name (NavnFormStyrke); prefix match, case- and accent-insensitive", None),
        ("package-for", "reference", "PackagedProductDefinition.packageFor", [MPD], [],
         "The medicinal product in the package", "package-for"),
        ("manufactured-item", "reference",
         "(PackagedProductDefinition.package | PackagedProductDefinition.package.repeat(package))"
         ".containedItem.item.reference", [MID], [],
         "The manufactured item in the package", "manufactured-item"),
        ("legal-status-of-supply", "token", "PackagedProductDefinition.legalStatusOfSupply.code", [], [],
         "Reseptgruppe (urn:oid:2.16.578.1.12.4.1.1.7421)", None),
        ("status", "token", "PackagedProductDefinition.status", [], [], "Publication status", "status"),
    ],
    ING: [
        ("identifier", "token", "Ingredient.identifier", [], [], "Ingredient identifier", "identifier"),
        ("for", "reference", "Ingredient.for", [MPD, APD, MID], [],
         "The product this is an ingredient of", "for"),
        ("role", "token", "Ingredient.role", [], [], "Ingredient role (active, excipient)", "role"),
        ("substance", "reference", "Ingredient.substance.code.reference", [SD], [],
         "The substance (SubstanceDefinition)", "substance"),
        ("substance-code", "token", "Ingredient.substance.code.concept", [], [],
         "The substance code (FEST Virkestoff Id)", "substance-code"),
        ("status", "token", "Ingredient.status", [], [], "Publication status", None),
    ],
    SD: [
        ("identifier", "token", "SubstanceDefinition.identifier", [], [], "FEST Virkestoff Id", "identifier"),
        ("name", "string", "SubstanceDefinition.name.name", [], ["exact", "contains"],
         "Substance name (Navn, NavnEngelsk); prefix match, case- and accent-insensitive", "name"),
        ("status", "token", "SubstanceDefinition.status", [], [], "Publication status", None),
    ],
    MID: [
        ("identifier", "token", "ManufacturedItemDefinition.identifier", [], [],
         "Manufactured item identifier", "identifier"),
        ("dose-form", "token", "ManufacturedItemDefinition.manufacturedDoseForm", [], [],
         "Dose form (urn:oid:2.16.578.1.12.4.1.1.7448)", "dose-form"),
        ("status", "token", "ManufacturedItemDefinition.status", [], [], "Publication status", None),
    ],
    APD: [
        ("identifier", "token", "AdministrableProductDefinition.identifier", [], [],
         "FEST LegemiddelVirkestoff Id", "identifier"),
        ("form-of", "reference", "AdministrableProductDefinition.formOf", [MPD], [],
         "The medicinal products this is the administrable form of", "form-of"),
        ("dose-form", "token", "AdministrableProductDefinition.administrableDoseForm", [], [],
         "Dose form (urn:oid:2.16.578.1.12.4.1.1.7448)", "dose-form"),
        ("route", "token", "AdministrableProductDefinition.routeOfAdministration.code", [], [],
         "Route of administration (urn:oid:2.16.578.1.12.4.1.1.7477)", "route"),
        ("manufactured-item", "reference", "AdministrableProductDefinition.producedFrom", [MID], [],
         "The manufactured items it is produced from", "manufactured-item"),
        ("ingredient", "token", "AdministrableProductDefinition.ingredient", [], [],
         "Active substance (FEST Virkestoff Id)", "ingredient"),
        ("status", "token", "AdministrableProductDefinition.status", [], [], "Publication status", None),
    ],
    RA: [
        ("identifier", "token", "RegulatedAuthorization.identifier", [], [], "Authorization identifier",
         "identifier"),
        ("subject", "reference", "RegulatedAuthorization.subject", [MPD], [],
         "The authorized medicinal product", "subject"),
        ("region", "token", "RegulatedAuthorization.region", [], [], "Country (urn:iso:std:iso:3166)", "region"),
        ("status", "token", "RegulatedAuthorization.status", [], [], "Authorization status", "status"),
    ],
    CUD: [
        ("identifier", "token", "ClinicalUseDefinition.identifier", [], [], "FEST Interaksjon Id",
         "identifier"),
        ("type", "token", "ClinicalUseDefinition.type", [], [], "interaction | warning", "type"),
        ("interactant", "token",
         "ClinicalUseDefinition.interaction.interactant.item.ofType(CodeableConcept)", [], ["below"],
         "ATC code of an interacting substance; :below matches an ATC group", None),
        ("status", "token", "ClinicalUseDefinition.status", [], [], "Publication status", None),
    ],
}

# Reference codes the _include/_revinclude lists are made of.
def includes(t):
    return [f"{t}:{code}" for (code, ptype, *_rest) in PARAMS[t] if ptype == "reference"]


def kebab(t):
    out = ""
    for i, ch in enumerate(t):
        if ch.isupper() and i > 0:
            out += "-"
        out += ch.lower()
    return out


def search_parameter(t, code, ptype, expression, targets, modifiers, description, derived):
    pid = f"{t}-{code.lstrip('_')}"
    sp = {
        "resourceType": "SearchParameter",
        "id": pid,
        "url": f"{BASE}/SearchParameter/{pid}",
        "version": "1.0.0",
        "name": pid.replace("-", "_"),
        "status": "active",
        "experimental": False,
        "date": DATE,
        "publisher": PUBLISHER,
        "description": description,
        "code": code,
        "base": [t],
        "type": ptype,
        "expression": expression.replace("{T}", t),
    }
    if derived:
        sp["derivedFrom"] = f"http://hl7.org/fhir/SearchParameter/{t}-{derived}"
    if code == "_id":
        sp["derivedFrom"] = "http://hl7.org/fhir/SearchParameter/Resource-id"
    if code == "_lastUpdated":
        sp["derivedFrom"] = "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated"
    if targets:
        sp["target"] = targets
    if modifiers:
        sp["modifier"] = modifiers
    if ptype == "date":
        sp["comparator"] = ["eq", "ne", "gt", "ge", "lt", "le", "sa", "eb"]
    return sp


def identifier_slice(t, slice_name, system, short, card_min="1"):
    path = f"{t}.identifier"
    return [
        {"id": f"{path}:{slice_name}", "path": path, "sliceName": slice_name, "short": short,
         "min": int(card_min), "max": "1"},
        {"id": f"{path}:{slice_name}.system", "path": f"{path}.system", "min": 1,
         "fixedUri": system},
        {"id": f"{path}:{slice_name}.value", "path": f"{path}.value", "min": 1},
    ]


def slicing(t):
    return {"id": f"{t}.identifier", "path": f"{t}.identifier", "min": 1,
            "slicing": {"discriminator": [{"type": "value", "path": "system"}], "rules": "open"}}


def el(path, **kw):
    d = {"id": path, "path": path}
    d.update(kw)
    return d


FEST = "http://legemiddelverket.no/FEST"
VOLVEN = "urn:oid:2.16.578.1.12.4.1.1."

PROFILES = {
    MPD: ("Medicinal product (FEST LegemiddelMerkevare)", [
        el(f"{MPD}.meta.lastUpdated", min=1),
        slicing(MPD),
        *identifier_slice(MPD, "legemiddelMerkevareId", f"{FEST}/LegemiddelMerkevareID",
                          "FEST LegemiddelMerkevare Id"),
        el(f"{MPD}.status", min=1),
        el(f"{MPD}.legalStatusOfSupply", min=1, short="Reseptgruppe (7421); never dropped"),
        el(f"{MPD}.legalStatusOfSupply.coding", min=1),
        el(f"{MPD}.legalStatusOfSupply.coding.system", min=1, fixedUri=f"{VOLVEN}7421"),
        el(f"{MPD}.legalStatusOfSupply.coding.code", min=1),
        el(f"{MPD}.name", min=1, max="1"),
        el(f"{MPD}.name.productName", min=1, short="NavnFormStyrke"),
    ]),
    PPD: ("Packaged product (FEST Legemiddelpakning)", [
        el(f"{PPD}.meta.lastUpdated", min=1),
        slicing(PPD),
        *identifier_slice(PPD, "legemiddelPakningId", f"{FEST}/LegemiddelPakningID",
                          "FEST Legemiddelpakning Id"),
        *identifier_slice(PPD, "varenummer", "https://farmalogg.no/varenummer",
                          "Varenummer (string, leading zeros kept)"),
        el(f"{PPD}.name", min=1),
        el(f"{PPD}.packageFor", min=1),
        el(f"{PPD}.status", min=1),
        el(f"{PPD}.legalStatusOfSupply", min=1, short="Reseptgruppe (7421); never dropped"),
        el(f"{PPD}.legalStatusOfSupply.code", min=1),
        el(f"{PPD}.package", min=1),
    ]),
    ING: ("Ingredient of a FEST product (VirkestoffMedStyrke / Virkestoff)", [
        el(ING, constraint=[{
            "key": "fest-ing-1", "severity": "error",
            "human": "An ingredient from a VirkestoffMedStyrke carries its strength",
            "expression": "identifier.where(system='" + FEST + "/VirkestoffMedStyrkeID').exists()"
                          " implies substance.strength.exists()"}]),
        el(f"{ING}.meta.lastUpdated", min=1),
        el(f"{ING}.for", min=1),
        el(f"{ING}.substance.code.concept", min=1),
    ]),
    SD: ("Substance (FEST Virkestoff)", [
        el(f"{SD}.meta.lastUpdated", min=1),
        slicing(SD),
        *identifier_slice(SD, "virkestoffId", f"{FEST}/VirkestoffID", "FEST Virkestoff Id"),
        el(f"{SD}.name", min=1),
        el(f"{SD}.name.name", min=1),
    ]),
    MID: ("Manufactured item derived from a FEST LegemiddelMerkevare", [
        el(f"{MID}.meta.lastUpdated", min=1),
        el(f"{MID}.identifier", min=1),
    ]),
    APD: ("Administrable product (FEST LegemiddelVirkestoff)", [
        el(f"{APD}.meta.lastUpdated", min=1),
        slicing(APD),
        *identifier_slice(APD, "legemiddelVirkestoffId",
                          "http://dmp.no/fhir/NamingSystem/festLegemiddelVirkestoff",
                          "FEST LegemiddelVirkestoff Id"),
    ]),
    RA: ("Marketing authorisation of a FEST product (holder from Produsent)", [
        el(f"{RA}.meta.lastUpdated", min=1),
        el(f"{RA}.subject", min=1, max="1"),
        el(f"{RA}.holder", min=1),
        el(f"{RA}.region", min=1),
    ]),
    CUD: ("Interaction (FEST Interaksjon)", [
        el(f"{CUD}.meta.lastUpdated", min=1),
        slicing(CUD),
        *identifier_slice(CUD, "interaksjonId", f"{FEST}/InteraksjonID", "FEST Interaksjon Id"),
        el(f"{CUD}.interaction", min=1),
        el(f"{CUD}.interaction.interactant", min=2),
    ]),
}


def structure_definition(t, title, differential):
    sid = f"fest-{kebab(t)}"
    return {
        **header("StructureDefinition", sid, f"{BASE}/StructureDefinition/{sid}", f"Fest{t}", title,
                 f"What the gateway guarantees for every {t} it derives from FEST."),
        "fhirVersion": "4.3.0",
        "kind": "resource",
        "abstract": False,
        "type": t,
        "baseDefinition": f"http://hl7.org/fhir/StructureDefinition/{t}",
        "derivation": "constraint",
        "differential": {"element": differential if differential[0]["path"] == t
                         else [el(t)] + differential},
    }


# Extensions the mapping uses (ClinicalUseDefinition interactions).
EXTENSIONS = [
    ("interactant-group", "Interactant group",
     "Which FEST Substansgruppe (side of the interaction) an interactant belongs to: its number "
     "and name, e.g. '2 Opioider'.", "ClinicalUseDefinition.interaction.interactant"),
    ("interaction-situation-criterion", "Interaction situation criterion",
     "FEST Interaksjon/Situasjonskriterium: when the interaction is relevant.",
     "ClinicalUseDefinition.interaction"),
]


def extension_definition(eid, title, description, context):
    url = f"{BASE}/StructureDefinition/{eid}"
    return {
        **header("StructureDefinition", eid, url,
                 "".join(part.capitalize() for part in eid.split("-")), title, description),
        "fhirVersion": "4.3.0",
        "kind": "complex-type",
        "abstract": False,
        "context": [{"type": "element", "expression": context}],
        "type": "Extension",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
        "derivation": "constraint",
        "differential": {"element": [
            el("Extension", short=title, max="1"),
            el("Extension.url", fixedUri=url),
            el("Extension.value[x]", min=1, type=[{"code": "string"}]),
        ]},
    }


def write(name, resource):
    (OUT / name).write_text(json.dumps(resource, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main():
    # Only this script's own files: profiles/ also holds generate_record_profiles.py's.
    own = [*OUT.glob("SearchParameter-*.json"), *OUT.glob("StructureDefinition-fest-*.json"),
           *(OUT / f"StructureDefinition-{row[0]}.json" for row in EXTENSIONS)]
    for old in own:
        old.unlink(missing_ok=True)
    for t in TYPES:
        for row in COMMON + PARAMS[t]:
            sp = search_parameter(t, *row)
            write(f"SearchParameter-{sp['id']}.json", sp)
        title, diff = PROFILES[t]
        sd = structure_definition(t, title, diff)
        write(f"StructureDefinition-{sd['id']}.json", sd)
    for row in EXTENSIONS:
        ext = extension_definition(*row)
        write(f"StructureDefinition-{ext['id']}.json", ext)


if __name__ == "__main__":
    main()
