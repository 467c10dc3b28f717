# The header every conformance resource the generators write begins with.
"""Shared by generate_profiles.py and generate_record_profiles.py."""

BASE = "https://fhir-gateway.example.no/fhir"
PUBLISHER = "FHIR gateway project"
DATE = "2026-11-21"


def header(resource_type, rid, url, name, title, description):
    """resourceType, id, url, version, name, title, status, experimental, date, publisher,
    description: in that order, as the files have them."""
    return {
        "resourceType": resource_type,
        "id": rid,
        "url": url,
        "version": "1.0.0",
        "name": name,
        "title": title,
        "status": "active",
        "experimental": False,
        "date": DATE,
        "publisher": PUBLISHER,
        "description": description,
    }
