#!/usr/bin/python3
# Our own snapshot generator: fills in `snapshot` of every constraint StructureDefinition in
# profiles/ from its `differential` and its base's snapshot, so the checked-in profiles carry the
# full element list the gateway validates against (no Java tooling in the build).
"""Usage:
  /usr/bin/python3 profiles/tools/generate_snapshots.py [--check] [--profiles DIR] [--core DIR]

Without --check, rewrites each StructureDefinition in DIR (default: profiles/) that has
`derivation: constraint` and a `differential`, with `snapshot` computed afresh (an existing
snapshot is ignored). With --check, writes nothing and exits 1 if any file differs from what
would be written. --core is the unpacked hl7.fhir.r4b.core package (default:
definitions/node_modules/hl7.fhir.r4b.core, as scripts/setup.sh installs it).

How a snapshot is built (FHIR R4B profiling rules, the subset our profiles use):
- start from the base definition's snapshot (the core package, or another profile in DIR,
  generated first);
- each differential element is found by its `id`; an id below a complex element the snapshot
  does not expand yet (Patient.identifier.system) first inserts the children of that type's
  snapshot, re-rooted (Identifier.system -> Patient.identifier.system);
- an element with `sliceName` (Patient.identifier:fnr) is a copy of the sliced element's subtree,
  inserted after that subtree and after the slices before it;
- the differential is merged onto the element property by property: `constraint`, `condition`,
  `alias` and `mapping` are appended, `slicing` is merged, everything else is replaced;
  `base` stays that of the original definition.
Errors (an id not found, a base not found, a path not under its parent, min > max, a max wider
than the base's, a min below the base's) stop the run with a message and exit status 1.
"""
import argparse
import copy
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
PROFILES_DIR = HERE.parent
REPO = PROFILES_DIR.parent
DEFAULT_CORE = REPO / "definitions" / "node_modules" / "hl7.fhir.r4b.core"
CORE_PREFIX = "http://hl7.org/fhir/StructureDefinition/"

# ElementDefinition properties in the order of the R4B specification; a `[x]` entry stands for
# every property with that prefix (fixedUri, patternCodeableConcept, ...).
ELEMENT_KEY_ORDER = [
    "id", "extension", "modifierExtension", "path", "representation", "sliceName",
    "sliceIsConstraining", "label", "code", "slicing", "short", "definition", "comment",
    "requirements", "alias", "min", "max", "base", "contentReference", "type", "defaultValue[x]",
    "meaningWhenMissing", "orderMeaning", "fixed[x]", "pattern[x]", "example", "minValue[x]",
    "maxValue[x]", "maxLength", "condition", "constraint", "mustSupport", "isModifier",
    "isModifierReason", "isSummary", "binding", "mapping",
]
# Properties appended to rather than replaced.
APPENDED = ("constraint", "condition", "alias", "mapping")


class SnapshotError(Exception):
    pass


def key_rank(key):
    for i, name in enumerate(ELEMENT_KEY_ORDER):
        if name.endswith("[x]"):
            prefix = name[:-3]
            if key.startswith(prefix) and key[len(prefix):len(prefix) + 1].isupper():
                return i
        elif key == name:
            return i
    return len(ELEMENT_KEY_ORDER)


def ordered_element(element):
    return {k: element[k] for k in sorted(element, key=lambda k: (key_rank(k), k))}


def path_of_id(element_id):
    """Patient.identifier:fnr.system -> Patient.identifier.system"""
    return ".".join(seg.split(":", 1)[0] for seg in element_id.split("."))


def parent_id(element_id):
    return element_id.rsplit(".", 1)[0] if "." in element_id else None


def is_in_subtree(element_id, root_id):
    """True for the root itself, its children and its slices (and theirs)."""
    return (element_id == root_id or element_id.startswith(root_id + ".")
            or element_id.startswith(root_id + ":"))


def parse_max(value, where):
    if value == "*":
        return None
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise SnapshotError(f"{where}: max {value!r} is neither '*' nor a number")


class Generator:
    def __init__(self, profiles_dir, core_dir):
        self.profiles_dir = pathlib.Path(profiles_dir)
        self.core_dir = pathlib.Path(core_dir)
        self.core_cache = {}
        self.local = {}        # url -> (path, resource) of StructureDefinitions in profiles_dir
        self.snapshots = {}    # url -> computed snapshot element list
        self.in_progress = []
        for path in sorted(self.profiles_dir.glob("StructureDefinition-*.json")):
            try:
                resource = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as e:
                raise SnapshotError(f"{path.name}: not valid JSON: {e}")
            url = resource.get("url")
            if resource.get("resourceType") != "StructureDefinition" or not url:
                raise SnapshotError(f"{path.name}: not a StructureDefinition with a url")
            if url in self.local:
                raise SnapshotError(f"{path.name}: url {url} also in {self.local[url][0].name}")
            self.local[url] = (path, resource)

    def targets(self):
        """The files to (re)generate: constraints with a differential."""
        return [(path, res) for path, res in self.local.values()
                if res.get("derivation") == "constraint" and res.get("differential")]

    # -- looking up definitions -----------------------------------------------------------
    def core_definition(self, url):
        if url in self.core_cache:
            return self.core_cache[url]
        found = None
        if url.startswith(CORE_PREFIX):
            name = url[len(CORE_PREFIX):].split("|", 1)[0]
            path = self.core_dir / f"StructureDefinition-{name}.json"
            if path.is_file():
                resource = json.loads(path.read_text(encoding="utf-8"))
                if resource.get("url") == url:
                    found = resource
        self.core_cache[url] = found
        return found

    def snapshot_of(self, url, needed_by):
        """The snapshot elements of the definition `url` (a local profile is generated first)."""
        url = url.split("|", 1)[0]
        if url in self.local:
            path, resource = self.local[url]
            if resource.get("derivation") == "constraint" and resource.get("differential"):
                return self.generate(url)
            if resource.get("snapshot", {}).get("element"):
                return resource["snapshot"]["element"]
            raise SnapshotError(f"{needed_by}: {url} ({path.name}) has no snapshot to derive from")
        core = self.core_definition(url)
        if core is None:
            raise SnapshotError(f"{needed_by}: base definition {url} not found "
                                f"(neither in {self.profiles_dir} nor in {self.core_dir})")
        if not core.get("snapshot", {}).get("element"):
            raise SnapshotError(f"{needed_by}: {url} has no snapshot")
        return core["snapshot"]["element"]

    # -- generating -------------------------------------------------------------------------
    def generate(self, url):
        if url in self.snapshots:
            return self.snapshots[url]
        path, sd = self.local[url]
        name = path.name
        if url in self.in_progress:
            chain = " -> ".join(self.in_progress + [url])
            raise SnapshotError(f"{name}: circular dependency: {chain}")
        self.in_progress.append(url)
        base_url = sd.get("baseDefinition")
        if not base_url:
            raise SnapshotError(f"{name}: no baseDefinition")
        elements = copy.deepcopy(self.snapshot_of(base_url, name))
        for element in elements:
            element.setdefault("base", {"path": element["path"], "min": element.get("min", 0),
                                        "max": element.get("max", "*")})
        root = elements[0]["path"]
        if sd.get("type") and sd["type"] != root:
            raise SnapshotError(f"{name}: type {sd['type']} but the base snapshot is of {root}")
        work = Snapshot(self, name, url, elements)
        for diff in sd["differential"].get("element", []):
            work.apply(diff)
        work.check_tree()
        self.snapshots[url] = [ordered_element(e) for e in work.elements]
        self.in_progress.pop()
        return self.snapshots[url]

    def type_children(self, element, where):
        """Children of an element's type, taken from the type's (or its profile's) snapshot."""
        if "contentReference" in element:
            return None  # handled by the caller, which has the snapshot
        types = element.get("type", [])
        if len(types) != 1:
            codes = [t.get("code") for t in types]
            raise SnapshotError(f"{where}: cannot expand {element['id']}, which has "
                                f"{len(types)} types {codes}; restrict it to one type first")
        t = types[0]
        profiles = t.get("profile", [])
        if len(profiles) > 1:
            raise SnapshotError(f"{where}: cannot expand {element['id']}: several type profiles")
        url = profiles[0] if profiles else CORE_PREFIX + t["code"]
        snapshot = self.snapshot_of(url, where)
        return snapshot[0]["id"], snapshot[0]["path"], snapshot[1:]


class Snapshot:
    def __init__(self, generator, name, url, elements):
        self.gen = generator
        self.name = name
        self.url = url
        self.elements = elements
        self.slice_roots = set()

    def index(self, element_id):
        for i, e in enumerate(self.elements):
            if e["id"] == element_id:
                return i
        return None

    def fail(self, message):
        raise SnapshotError(f"{self.name}: {message}")

    def has_children(self, element_id):
        return any(e["id"].startswith(element_id + ".") for e in self.elements)

    def expand(self, element_id, wanted):
        """Insert the children of `element_id`'s type right after it."""
        i = self.index(element_id)
        parent = self.elements[i]
        if "contentReference" in parent:
            ref = parent["contentReference"].split("#", 1)[-1]
            src_root_id = src_root_path = ref
            children = [e for e in self.elements
                        if e["id"].startswith(ref + ".") and ":" not in e["id"][len(ref):]]
            if not children:
                self.fail(f"{wanted}: contentReference {parent['contentReference']} of "
                          f"{element_id} not found")
        else:
            src_root_id, src_root_path, children = self.gen.type_children(parent, self.name)
        copies = []
        for child in children:
            c = copy.deepcopy(child)
            c.setdefault("base", {"path": c["path"], "min": c.get("min", 0),
                                  "max": c.get("max", "*")})
            c["id"] = element_id + c["id"][len(src_root_id):]
            c["path"] = parent["path"] + c["path"][len(src_root_path):]
            copies.append(c)
        self.elements[i + 1:i + 1] = copies

    def locate(self, element_id, for_id):
        """Index of `element_id`, expanding its ancestors' types as needed."""
        i = self.index(element_id)
        if i is not None:
            return i
        last = element_id.rsplit(".", 1)[-1]
        if ":" in last:
            self.fail(f"differential element {for_id}: slice {element_id} is not defined "
                      f"(a slice needs its own element with sliceName before its children)")
        parent = parent_id(element_id)
        if parent is None:
            self.fail(f"differential element {for_id}: {element_id} not found in the base")
        p = self.locate(parent, for_id)
        if self.has_children(parent):
            self.fail(f"differential element {for_id}: {element_id} not found in the base "
                      f"({parent} has no child {last!r})")
        self.expand(parent, for_id)
        i = self.index(element_id)
        if i is None:
            self.fail(f"differential element {for_id}: {element_id} not found in the base "
                      f"(type of {parent} ({self.type_name(self.elements[p])}) has no "
                      f"element {last!r})")
        return i

    @staticmethod
    def type_name(element):
        return ", ".join(t.get("code", "?") for t in element.get("type", [])) or "no type"

    def add_slice(self, diff):
        slice_id = diff["id"]
        sliced_id, slice_name = slice_id.rsplit(":", 1)
        if "/" in slice_name:
            self.fail(f"differential element {slice_id}: re-slicing is not supported")
        if diff["sliceName"] != slice_name:
            self.fail(f"differential element {slice_id}: sliceName {diff['sliceName']!r} does "
                      f"not match the id")
        sliced = self.elements[self.locate(sliced_id, slice_id)]
        if "slicing" not in sliced:
            self.fail(f"differential element {slice_id}: {sliced_id} has no `slicing` "
                      f"(define the slicing on {sliced_id} before its slices)")
        subtree = [e for e in self.elements if e["id"] == sliced_id
                   or e["id"].startswith(sliced_id + ".")]
        copies = []
        for e in subtree:
            c = copy.deepcopy(e)
            c["id"] = slice_id + e["id"][len(sliced_id):]
            copies.append(c)
        copies[0].pop("slicing", None)
        copies[0]["sliceName"] = slice_name
        end = max(i for i, e in enumerate(self.elements) if is_in_subtree(e["id"], sliced_id))
        self.elements[end + 1:end + 1] = copies
        self.slice_roots.add(slice_id)
        return end + 1

    def apply(self, diff):
        diff_id = diff.get("id")
        if not diff_id:
            self.fail(f"differential element with path {diff.get('path')!r} has no id")
        if diff.get("path") != path_of_id(diff_id):
            parent = parent_id(path_of_id(diff_id))
            self.fail(f"differential element {diff_id}: path {diff.get('path')!r} is not under "
                      f"its parent {parent!r} (the id says {path_of_id(diff_id)!r})")
        root = self.elements[0]["path"]
        if diff_id.split(".", 1)[0].split(":", 1)[0] != root:
            self.fail(f"differential element {diff_id}: not an element of {root}")
        i = self.index(diff_id)
        if i is None:
            if "sliceName" in diff:
                i = self.add_slice(diff)
            else:
                i = self.locate(diff_id, diff_id)
        elif "sliceName" in diff and self.elements[i].get("sliceName") != diff["sliceName"]:
            self.fail(f"differential element {diff_id}: sliceName {diff['sliceName']!r} does "
                      f"not match the base's")
        self.elements[i] = self.merge(self.elements[i], diff)

    def merge(self, base, diff):
        where = f"differential element {diff['id']}"
        out = copy.deepcopy(base)
        for key, value in diff.items():
            if key in ("id", "path"):
                continue
            if key in APPENDED:
                merged = list(out.get(key, []))
                for item in value:
                    item = copy.deepcopy(item)
                    if key == "constraint":
                        item.setdefault("source", self.url)
                        same = [c for c in merged if c.get("key") == item.get("key")]
                        if same and same[0] != item:
                            self.fail(f"{where}: constraint key {item.get('key')!r} is already "
                                      f"used by the base")
                        if same:
                            continue
                    elif item in merged:
                        continue
                    merged.append(item)
                out[key] = merged
            elif key == "slicing" and "slicing" in out:
                slicing = dict(out["slicing"])
                slicing.update(copy.deepcopy(value))
                out["slicing"] = slicing
            else:
                for prefix in ("fixed", "pattern", "defaultValue"):
                    if key.startswith(prefix):  # one fixed[x] (pattern[x], ...) at a time
                        for old in [k for k in out if k.startswith(prefix) and k != key]:
                            del out[old]
                out[key] = copy.deepcopy(value)
        old_min, old_max = base.get("min", 0), base.get("max", "*")
        new_min, new_max = out.get("min", 0), out.get("max", "*")
        old_max_n = parse_max(old_max, f"{self.name}: base of {diff['id']}")
        new_max_n = parse_max(new_max, f"{self.name}: {where}")
        if not isinstance(new_min, int) or isinstance(new_min, bool) or new_min < 0:
            self.fail(f"{where}: min {new_min!r} is not a non-negative integer")
        if new_max_n is not None and new_min > new_max_n:
            self.fail(f"{where}: min {new_min} > max {new_max}")
        if old_max_n is not None and (new_max_n is None or new_max_n > old_max_n):
            self.fail(f"{where}: max {new_max} widens the base's max {old_max}")
        if new_min < old_min and diff["id"] not in self.slice_roots:
            self.fail(f"{where}: min {new_min} loosens the base's min {old_min}")
        return out

    def check_tree(self):
        seen = set()
        for e in self.elements:
            if e["id"] in seen:
                self.fail(f"snapshot has element id {e['id']} twice")
            parent = parent_id(e["id"])
            if parent is not None and parent not in seen:
                self.fail(f"snapshot element {e['id']} comes before (or without) its parent "
                          f"{parent}")
            if e["path"] != path_of_id(e["id"]):
                self.fail(f"snapshot element {e['id']} has path {e['path']}")
            seen.add(e["id"])


def with_snapshot(sd, elements):
    out = {}
    for key, value in sd.items():
        if key == "snapshot":
            continue
        if key == "differential":
            out["snapshot"] = {"element": elements}
        out[key] = value
    return out


def render(resource):
    return json.dumps(resource, indent=2, ensure_ascii=False) + "\n"


def run(profiles_dir, core_dir, check):
    gen = Generator(profiles_dir, core_dir)
    outputs = []
    for path, sd in sorted(gen.targets(), key=lambda t: t[0].name):
        outputs.append((path, render(with_snapshot(sd, gen.generate(sd["url"])))))
    differing = []
    for path, text in outputs:
        current = path.read_text(encoding="utf-8")
        if current != text:
            differing.append(path)
            if not check:
                path.write_text(text, encoding="utf-8")
    if check:
        for path in differing:
            print(f"generate_snapshots: {path.name}: snapshot is out of date", file=sys.stderr)
        if differing:
            print("generate_snapshots: run /usr/bin/python3 profiles/tools/generate_snapshots.py",
                  file=sys.stderr)
            return 1
        print(f"generate_snapshots: {len(outputs)} snapshots up to date")
        return 0
    print(f"generate_snapshots: {len(outputs)} snapshots, {len(differing)} files rewritten")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="Generate StructureDefinition snapshots.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a checked-in snapshot is out of date")
    parser.add_argument("--profiles", default=str(PROFILES_DIR),
                        help="directory of the profiles (default: %(default)s)")
    parser.add_argument("--core", default=str(DEFAULT_CORE),
                        help="unpacked hl7.fhir.r4b.core package (default: %(default)s)")
    args = parser.parse_args(argv)
    if not pathlib.Path(args.core).is_dir():
        print(f"generate_snapshots: core package {args.core} not found "
              f"(scripts/setup.sh installs it; or pass --core)", file=sys.stderr)
        return 1
    try:
        return run(args.profiles, args.core, args.check)
    except SnapshotError as e:
        print(f"generate_snapshots: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
