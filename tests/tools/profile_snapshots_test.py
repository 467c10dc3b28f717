#!/usr/bin/python3
"""Tests of profiles/tools/generate_snapshots.py, our own snapshot generator.

Usage: profile_snapshots_test.py [CORE_PACKAGE_DIR] [unittest options]
CORE_PACKAGE_DIR is the unpacked hl7.fhir.r4b.core package (default:
definitions/node_modules/hl7.fhir.r4b.core). Checks that the checked-in snapshots are what the
generator writes, that gateway-patient's slices and datatype expansion come out right, that
every snapshot is a well-formed tree, and that bad differentials stop the generator with a
message and exit status 1.
"""
import copy
import json
import pathlib
import subprocess
import sys
import tempfile
import unittest

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
PROFILES = REPO / "profiles"
GENERATOR = PROFILES / "tools" / "generate_snapshots.py"
CORE = REPO / "definitions" / "node_modules" / "hl7.fhir.r4b.core"
BASE = "https://fhir-gateway.example.no/fhir/StructureDefinition/"


def run_generator(*args, profiles=PROFILES):
    return subprocess.run(
        ["/usr/bin/python3", str(GENERATOR), "--core", str(CORE), "--profiles", str(profiles),
         *args], capture_output=True, text=True, timeout=120)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def by_id(sd):
    return {e["id"]: e for e in sd["snapshot"]["element"]}


def profile(differential, base="http://hl7.org/fhir/StructureDefinition/Patient", sid="test",
            t="Patient"):
    return {
        "resourceType": "StructureDefinition", "id": sid, "url": BASE + sid, "name": "Test",
        "status": "draft", "fhirVersion": "4.3.0", "kind": "resource", "abstract": False,
        "type": t, "baseDefinition": base, "derivation": "constraint",
        "differential": {"element": [{"id": t, "path": t}] + differential},
    }


class CheckedInSnapshots(unittest.TestCase):
    def test_check_passes(self):
        result = run_generator("--check")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("up to date", result.stdout)

    def test_every_profile_file_is_json(self):
        for path in sorted(PROFILES.glob("*.json")):
            with self.subTest(file=path.name):
                resource = load(path)
                self.assertIn("resourceType", resource)

    def test_every_constraint_profile_has_a_well_formed_snapshot(self):
        sds = [load(p) for p in sorted(PROFILES.glob("StructureDefinition-*.json"))]
        constraints = [sd for sd in sds if sd.get("derivation") == "constraint"]
        self.assertGreaterEqual(len(constraints), 12)
        for sd in constraints:
            with self.subTest(profile=sd["id"]):
                elements = sd["snapshot"]["element"]
                self.assertEqual(elements[0]["id"], sd["type"])
                seen = set()
                for e in elements:
                    self.assertNotIn(e["id"], seen, "duplicate id")
                    if "." in e["id"]:
                        self.assertIn(e["id"].rsplit(".", 1)[0], seen,
                                      f"{e['id']}: parent missing or after the child")
                    self.assertEqual(
                        e["path"], ".".join(s.split(":")[0] for s in e["id"].split(".")))
                    self.assertIn("base", e)
                    seen.add(e["id"])
                for d in sd["differential"]["element"]:
                    self.assertIn(d["id"], seen, "differential element not in the snapshot")

    def test_codes_systems_and_value_sets(self):
        systems = {}
        for path in PROFILES.glob("CodeSystem-*.json"):
            cs = load(path)
            self.assertEqual((cs["status"], cs["content"]), ("active", "complete"), path.name)
            self.assertEqual(cs["count"], len(cs["concept"]), path.name)
            systems[cs["url"]] = cs
        for url in ("http://nhn.no/kj/fhir/CodeSystem/TypeOfReaction",
                    "http://nhn.no/kj/fhir/CodeSystem/SourceOfInformation",
                    "urn:oid:2.16.578.1.12.4.1.1.7514", "urn:oid:2.16.578.1.12.4.1.1.9602"):
            self.assertIn(url, systems)
        description = systems["http://nhn.no/kj/fhir/CodeSystem/TypeOfReaction"]["description"]
        self.assertIn("third-party client", description)
        self.assertIn("NOT VERIFIED AGAINST NHN", description)
        for path in PROFILES.glob("ValueSet-*.json"):
            vs = load(path)
            for include in vs["compose"]["include"]:
                self.assertIn(include["system"], systems, path.name)
                self.assertEqual(sorted(include), ["system"], "whole code systems only")


class GatewayPatient(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sd = load(PROFILES / "StructureDefinition-gateway-patient.json")
        cls.elements = cls.sd["snapshot"]["element"]
        cls.e = by_id(cls.sd)

    def test_slicing_on_identifier(self):
        sliced = self.e["Patient.identifier"]
        self.assertEqual(sliced["slicing"]["discriminator"], [{"type": "value", "path": "system"}])
        self.assertEqual(sliced["slicing"]["rules"], "open")
        self.assertEqual((sliced["min"], sliced["max"]), (0, "*"))

    def test_slices(self):
        for name, oid, key in (("fnr", "1", "gw-pat-1"), ("dnr", "2", "gw-pat-2"),
                               ("hnr", "3", "gw-pat-3")):
            with self.subTest(slice=name):
                s = self.e[f"Patient.identifier:{name}"]
                self.assertEqual(s["path"], "Patient.identifier")
                self.assertEqual(s["sliceName"], name)
                self.assertEqual((s["min"], s["max"]), (0, "*"))  # earlier numbers may stay
                self.assertEqual(s["base"], {"path": "Patient.identifier", "min": 0, "max": "*"})
                self.assertNotIn("slicing", s)
                system = self.e[f"Patient.identifier:{name}.system"]
                self.assertEqual(system["path"], "Patient.identifier.system")
                self.assertEqual(system["fixedUri"], f"urn:oid:2.16.578.1.12.4.1.4.{oid}")
                self.assertEqual((system["min"], system["max"]), (1, "1"))
                value = self.e[f"Patient.identifier:{name}.value"]
                self.assertEqual((value["min"], value["max"]), (1, "1"))
                constraint = [c for c in value["constraint"] if c["key"] == key]
                self.assertEqual(len(constraint), 1)
                self.assertEqual(constraint[0]["severity"], "error")
                self.assertEqual(constraint[0]["expression"], "matches('^[0-9]{11}$')")
                self.assertEqual(constraint[0]["source"], BASE + "gateway-patient")
                # ele-1 of the base element is kept
                self.assertIn("ele-1", [c["key"] for c in value["constraint"]])

    def test_datatype_expansion(self):
        ids = [e["id"] for e in self.elements]
        start = ids.index("Patient.identifier:fnr")
        self.assertEqual(ids[start:start + 9], [
            "Patient.identifier:fnr", "Patient.identifier:fnr.id",
            "Patient.identifier:fnr.extension", "Patient.identifier:fnr.use",
            "Patient.identifier:fnr.type", "Patient.identifier:fnr.system",
            "Patient.identifier:fnr.value", "Patient.identifier:fnr.period",
            "Patient.identifier:fnr.assigner"])
        self.assertEqual(self.e["Patient.identifier:fnr.system"]["base"],
                         {"path": "Identifier.system", "min": 0, "max": "1"})
        self.assertEqual(self.e["Patient.identifier:fnr.id"]["base"],
                         {"path": "Element.id", "min": 0, "max": "1"})
        self.assertEqual(self.e["Patient.identifier:fnr.system"]["type"], [{"code": "uri"}])
        # The unsliced element is left as the base has it: not expanded.
        self.assertFalse(any(i.startswith("Patient.identifier.") for i in ids))

    def test_order_is_base_order_with_slices_inserted(self):
        ids = [e["id"] for e in self.elements]
        core = load(CORE / "StructureDefinition-Patient.json")
        core_ids = [e["id"] for e in core["snapshot"]["element"]]
        self.assertEqual([i for i in ids if i in core_ids], core_ids)
        after = ids.index("Patient.identifier") + 1
        self.assertTrue(ids[after].startswith("Patient.identifier:fnr"))
        self.assertLess(ids.index("Patient.identifier:fnr.assigner"),
                        ids.index("Patient.identifier:dnr"))
        self.assertLess(ids.index("Patient.identifier:dnr.assigner"),
                        ids.index("Patient.identifier:hnr"))
        self.assertEqual(ids[ids.index("Patient.identifier:hnr.assigner") + 1], "Patient.active")

    def test_nothing_else_required(self):
        core = by_id(load(CORE / "StructureDefinition-Patient.json"))
        for element_id, e in self.e.items():
            if element_id in core:
                self.assertEqual(e["min"], core[element_id]["min"], element_id)


class Generation(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, resource):
        (self.dir / name).write_text(json.dumps(resource, indent=2) + "\n", encoding="utf-8")

    def assert_fails(self, differential, message, **kw):
        self.write("StructureDefinition-test.json", profile(differential, **kw))
        result = run_generator(profiles=self.dir)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn(message, result.stderr)
        return result

    def test_id_not_found(self):
        self.assert_fails([{"id": "Patient.nickname", "path": "Patient.nickname", "min": 1}],
                          "Patient.nickname not found")

    def test_id_not_found_below_a_datatype(self):
        self.assert_fails([{"id": "Patient.identifier.code", "path": "Patient.identifier.code",
                            "min": 1}], "Patient.identifier.code not found")

    def test_base_not_found(self):
        self.assert_fails([], "base definition http://example.org/StructureDefinition/Nope "
                              "not found", base="http://example.org/StructureDefinition/Nope")

    def test_path_not_under_its_parent(self):
        self.assert_fails([
            {"id": "Patient.identifier", "path": "Patient.identifier",
             "slicing": {"discriminator": [{"type": "value", "path": "system"}],
                         "rules": "open"}},
            {"id": "Patient.identifier:fnr", "path": "Patient.identifier", "sliceName": "fnr"},
            {"id": "Patient.identifier:fnr.system", "path": "Patient.name.system", "min": 1},
        ], "path 'Patient.name.system' is not under its parent 'Patient.identifier'")

    def test_min_greater_than_max(self):
        self.assert_fails([{"id": "Patient.name", "path": "Patient.name", "min": 3, "max": "2"}],
                          "min 3 > max 2")

    def test_max_widens_the_base(self):
        self.assert_fails([{"id": "Patient.gender", "path": "Patient.gender", "max": "*"}],
                          "max * widens the base's max 1")

    def test_slice_max_widens_the_sliced_element(self):
        self.assert_fails([
            {"id": "Patient.link", "path": "Patient.link", "max": "2",
             "slicing": {"discriminator": [{"type": "value", "path": "type"}],
                         "rules": "open"}},
            {"id": "Patient.link:a", "path": "Patient.link", "sliceName": "a", "max": "3"},
        ], "max 3 widens the base's max 2")

    def test_slice_children_need_the_slice(self):
        self.assert_fails([{"id": "Patient.identifier:fnr.system",
                            "path": "Patient.identifier.system", "min": 1}],
                          "slice Patient.identifier:fnr is not defined")

    def test_check_reports_a_stale_snapshot(self):
        sd = load(PROFILES / "StructureDefinition-gateway-patient.json")
        stale = copy.deepcopy(sd)
        stale["snapshot"]["element"][0]["short"] = "edited by hand"
        self.write("StructureDefinition-gateway-patient.json", stale)
        result = run_generator("--check", profiles=self.dir)
        self.assertEqual(result.returncode, 1)
        self.assertIn("StructureDefinition-gateway-patient.json: snapshot is out of date",
                      result.stderr)
        # Without --check the file is rewritten to exactly the checked-in text.
        self.assertEqual(run_generator(profiles=self.dir).returncode, 0)
        self.assertEqual(
            (self.dir / "StructureDefinition-gateway-patient.json").read_text(encoding="utf-8"),
            (PROFILES / "StructureDefinition-gateway-patient.json").read_text(encoding="utf-8"))

    def test_profile_on_profile_in_dependency_order(self):
        patient = load(PROFILES / "StructureDefinition-gateway-patient.json")
        del patient["snapshot"]
        self.write("StructureDefinition-gateway-patient.json", patient)
        # Named to sort before its base, so the generator has to order them itself.
        self.write("StructureDefinition-a-derived.json", profile([
            {"id": "Patient.identifier:fnr", "path": "Patient.identifier", "min": 1},
            {"id": "Patient.identifier:fnr.use", "path": "Patient.identifier.use",
             "fixedCode": "official"},
        ], base=BASE + "gateway-patient", sid="a-derived"))
        result = run_generator(profiles=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        derived = by_id(load(self.dir / "StructureDefinition-a-derived.json"))
        fnr = derived["Patient.identifier:fnr"]
        self.assertEqual((fnr["min"], fnr["max"], fnr["sliceName"]), (1, "*", "fnr"))
        self.assertEqual(derived["Patient.identifier:fnr.use"]["fixedCode"], "official")
        self.assertEqual(derived["Patient.identifier:fnr.system"]["fixedUri"],
                         "urn:oid:2.16.578.1.12.4.1.4.1")
        self.assertEqual(fnr["base"], {"path": "Patient.identifier", "min": 0, "max": "*"})

    def test_output_is_stable(self):
        self.write("StructureDefinition-test.json", profile([
            {"id": "Patient.birthDate", "path": "Patient.birthDate", "min": 1,
             "mustSupport": True}]))
        self.assertEqual(run_generator(profiles=self.dir).returncode, 0)
        first = (self.dir / "StructureDefinition-test.json").read_text(encoding="utf-8")
        self.assertTrue(first.endswith("}\n"))
        self.assertEqual(run_generator("--check", profiles=self.dir).returncode, 0)
        self.assertEqual(run_generator(profiles=self.dir).returncode, 0)
        self.assertEqual((self.dir / "StructureDefinition-test.json").read_text(encoding="utf-8"),
                         first)
        birth = by_id(json.loads(first))["Patient.birthDate"]
        self.assertEqual(list(birth)[:3], ["id", "path", "short"])
        self.assertEqual((birth["min"], birth["mustSupport"]), (1, True))


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        CORE = pathlib.Path(sys.argv.pop(1))
    if not CORE.is_dir():
        sys.exit(f"profile_snapshots_test: core package {CORE} not found (run scripts/setup.sh)")
    unittest.main()
