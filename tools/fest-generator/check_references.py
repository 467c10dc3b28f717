#!/usr/bin/env python3
"""Checks that every IDREF element of a FEST file names an Id in the same file.

xmllint's XSD validation does not resolve xs:IDREF, so this complements it for full extracts.
usage: check_references.py FILE   (exit 1 and a list of dangling references on failure)
"""

import sys
import xml.etree.ElementTree as ElementTree

REFERENCE_ELEMENTS = {
    "RefVilkar", "RefRefusjonsgruppe", "RefByttegruppe", "RefBlandingsveske",
    "RefVirkestoffMedStyrke", "RefVirkestoff", "RefLegemiddelMerkevare", "RefPakning",
    "ParentId", "RefLegemiddelVirkestoff", "RefLegemiddelDose", "RefElement",
}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def main(path):
    ids = set()
    references = []
    parents = []
    for event, element in ElementTree.iterparse(path, events=("start", "end")):
        if event == "start":
            parents.append(local(element.tag))
            continue
        parents.pop()
        name = local(element.tag)
        if name == "Id" and parents and parents[-1] != "Info":
            ids.add((element.text or "").strip())
        elif name in REFERENCE_ELEMENTS:
            references.append((name, (element.text or "").strip()))
        if len(parents) <= 2:
            element.clear()
    dangling = [(name, value) for name, value in references if value not in ids]
    for name, value in dangling[:20]:
        print("dangling %s: %s" % (name, value), file=sys.stderr)
    print("%d ids, %d references, %d dangling" % (len(ids), len(references), len(dangling)))
    return 1 if dangling else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    sys.exit(main(sys.argv[1]))
