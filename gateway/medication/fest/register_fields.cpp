// FEST importer: fills Virkestoff, VirkestoffMedStyrke, Kodeverk, Byttegruppe, Interaksjon,
// Refusjonshjemmel and Vilkar from their child elements.
#include "medication/fest/builder_frames.hpp"
#include "medication/fest/field_values.hpp"
#include "medication/fest/model.hpp"

namespace gateway::medication {
namespace {

using Name = std::string_view;
using Content = ElementContent;

void assign_virkestoff(Virkestoff& virkestoff, Name name, const Content& content) {
  if (name == "Id") {
    virkestoff.id = content.text;
  } else if (name == "Navn") {
    virkestoff.navn = content.text;
  } else if (name == "NavnEngelsk") {
    virkestoff.navn_engelsk = to_text(content.text);
  } else if (name == "RefVirkestoff") {
    virkestoff.ref_virkestoff.emplace_back(content.text);
  }
}

void assign_virkestoff_med_styrke(VirkestoffMedStyrke& styrke, Name name, const Content& content) {
  if (name == "Id") {
    styrke.id = content.text;
  } else if (name == "Styrke") {
    styrke.styrke = to_quantity(content.attributes);
  } else if (name == "StyrkeNevner") {
    styrke.styrke_nevner = to_quantity(content.attributes);
  } else if (name == "RefVirkestoff") {
    styrke.ref_virkestoff = content.text;
  } else if (name == "AlternativStyrke") {
    styrke.alternativ_styrke = to_quantity(content.attributes);
  } else if (name == "AlternativStyrkeNevner") {
    styrke.alternativ_styrke_nevner = to_quantity(content.attributes);
  } else if (name == "Styrkeoperator") {
    styrke.styrkeoperator = to_coded(content.attributes);
  } else if (name == "StyrkeOvreVerdi") {
    styrke.styrke_ovre_verdi = to_decimal(content.text);
  } else if (name == "AtcKombipreparat") {
    styrke.atc_kombipreparat = to_coded(content.attributes);
  }
}

void assign_kodeverk_info(KodeverkInfo& info, Name name, const Content& content) {
  if (name == "Id") {
    info.id = content.text;
  } else if (name == "Betegnelse") {
    info.betegnelse = content.text;
  } else if (name == "Kortnavn") {
    info.kortnavn = content.text;
  } else if (name == "AnsvarligUtgiver") {
    info.ansvarlig_utgiver = content.text;
  } else if (name == "Merknad") {
    info.merknad = to_text(content.text);
  }
}

void assign_kodeverk_element(KodeverkElement& element, Name name, const Content& content) {
  if (name == "Id") {
    element.id = content.text;
  } else if (name == "ParentId") {
    element.parent_id = to_text(content.text);
  } else if (name == "Kode") {
    element.kode = content.text;
  }
}

void assign_kodeverk_term(KodeverkTerm& term, Name name, const Content& content) {
  if (name == "Term") {
    term.term = content.text;
  } else if (name == "BeskrivelseTerm") {
    term.beskrivelse_term = to_text(content.text);
  } else if (name == "Sprak") {
    term.sprak = to_coded(content.attributes);
  }
}

void assign_byttegruppe(Byttegruppe& byttegruppe, Name name, const Content& content) {
  if (name == "Id") {
    byttegruppe.id = content.text;
  } else if (name == "Kode") {
    byttegruppe.kode = to_coded(content.attributes);
  } else if (name == "MerknadTilByttbarhet") {
    byttegruppe.merknad_til_byttbarhet = to_bool(content.text).value_or(false);
  } else if (name == "BeskrivelseByttbarhet") {
    byttegruppe.beskrivelse_byttbarhet = to_text(content.text);
  } else if (name == "GyldigFraDato") {
    byttegruppe.gyldig_fra_dato = to_text(content.text);
  } else if (name == "GyldigTilDato") {
    byttegruppe.gyldig_til_dato = to_text(content.text);
  }
}

void assign_interaksjon(Interaksjon& interaksjon, Name name, const Content& content) {
  if (name == "Id") {
    interaksjon.id = content.text;
  } else if (name == "Relevans") {
    interaksjon.relevans = to_coded(content.attributes);
  } else if (name == "Situasjonskriterium") {
    interaksjon.situasjonskriterium = to_text(content.text);
  } else if (name == "KliniskKonsekvens") {
    interaksjon.klinisk_konsekvens = content.text;
  } else if (name == "Interaksjonsmekanisme") {
    interaksjon.interaksjonsmekanisme = to_text(content.text);
  } else if (name == "Kildegrunnlag") {
    interaksjon.kildegrunnlag = to_coded(content.attributes);
  } else if (name == "Handtering") {
    interaksjon.handtering = to_text(content.text);
  } else if (name == "Visningsregel") {
    interaksjon.visningsregel.push_back(to_coded(content.attributes));
  }
}

void assign_substans(Substans& substans, Name name, const Content& content) {
  if (name == "Substans") {
    substans.substans = content.text;
  } else if (name == "Atc") {
    substans.atc = to_coded(content.attributes);
  } else if (name == "RefVirkestoff") {
    substans.ref_virkestoff.emplace_back(content.text);
  }
}

void assign_refusjonshjemmel(Refusjonshjemmel& hjemmel, Name name, const Content& content) {
  if (name == "Refusjonshjemmel") {
    hjemmel.refusjonshjemmel = to_coded(content.attributes);
  } else if (name == "KreverVarekobling") {
    hjemmel.krever_varekobling = to_bool(content.text).value_or(false);
  } else if (name == "KreverVedtak") {
    hjemmel.krever_vedtak = to_bool(content.text).value_or(false);
  }
}

void assign_refusjonsgruppe(Refusjonsgruppe& gruppe, Name name, const Content& content) {
  if (name == "Id") {
    gruppe.id = content.text;
  } else if (name == "GruppeNr") {
    gruppe.gruppe_nr = to_coded(content.attributes);
  } else if (name == "Atc") {
    gruppe.atc = to_coded(content.attributes);
  } else if (name == "KreverRefusjonskode") {
    gruppe.krever_refusjonskode = to_bool(content.text).value_or(false);
  } else if (name == "RefusjonsberettighetBruk") {
    gruppe.refusjonsberettighet_bruk = to_text(content.text);
  } else if (name == "RefVilkar") {
    gruppe.ref_vilkar.emplace_back(content.text);
  }
}

void assign_refusjonskode(Refusjonskode& kode, Name name, const Content& content) {
  if (name == "Refusjonskode") {
    kode.refusjonskode = to_coded(content.attributes);
  } else if (name == "Underterm") {
    kode.underterm = to_text(content.text);
  } else if (name == "GyldigFraDato") {
    kode.gyldig_fra_dato = content.text;
  } else if (name == "ForskrivesTilDato") {
    kode.forskrives_til_dato = to_text(content.text);
  } else if (name == "UtleveresTilDato") {
    kode.utleveres_til_dato = to_text(content.text);
  }
}

void assign_refusjonsvilkar(Refusjonsvilkar& vilkar, Name name, const Content& content) {
  if (name == "RefVilkar") {
    vilkar.ref_vilkar = content.text;
  } else if (name == "FraDato") {
    vilkar.fra_dato = content.text;
  } else if (name == "TilDato") {
    vilkar.til_dato = to_text(content.text);
  }
}

void assign_vilkar(Vilkar& vilkar, Name name, const Content& content) {
  if (name == "Id") {
    vilkar.id = content.text;
  } else if (name == "VilkarNr") {
    vilkar.vilkar_nr = to_text(content.text);
  } else if (name == "Gruppe") {
    vilkar.gruppe = to_coded(content.attributes);
  } else if (name == "GjelderFor") {
    vilkar.gjelder_for = to_coded(content.attributes);
  } else if (name == "Tekst") {
    vilkar.tekst = content.text;
  } else if (name == "GyldigFraDato") {
    vilkar.gyldig_fra_dato = to_text(content.text);
  } else if (name == "GyldigTilDato") {
    vilkar.gyldig_til_dato = to_text(content.text);
  }
}

void assign_strukturert_vilkar(StrukturertVilkar& vilkar, Name name, const Content& content) {
  if (name == "Type") {
    vilkar.type = to_coded(content.attributes);
  } else if (name == "VerdiTekst") {
    vilkar.verdi_tekst.emplace_back(content.text);
  } else if (name == "VerdiKodet") {
    vilkar.verdi_kodet.push_back(to_coded(content.attributes));
  }
}

}  // namespace

std::optional<Frame> enter_register_child(const Frame& parent, std::string_view name) {
  switch (parent.ctx) {
    case Ctx::virkestoff:
      if (name == "Refusjon") {
        return Frame{Ctx::refusjon, &target_of<Virkestoff>(parent).refusjon.emplace_back()};
      }
      return std::nullopt;
    case Ctx::kodeverk_element:
      if (name == "Term") {
        return Frame{Ctx::kodeverk_term, &target_of<KodeverkElement>(parent).term.emplace_back()};
      }
      return std::nullopt;
    case Ctx::interaksjon:
      if (name == "Referanse") {
        return Frame{Ctx::referanse, &target_of<Interaksjon>(parent).referanse.emplace_back()};
      }
      if (name == "Substansgruppe") {
        return Frame{Ctx::substansgruppe,
                     &target_of<Interaksjon>(parent).substansgruppe.emplace_back()};
      }
      return std::nullopt;
    case Ctx::substansgruppe:
      if (name == "Substans") {
        return Frame{Ctx::substans, &target_of<Substansgruppe>(parent).substans.emplace_back()};
      }
      return std::nullopt;
    case Ctx::refusjonshjemmel:
      if (name == "Refusjonsgruppe") {
        return Frame{Ctx::refusjonsgruppe,
                     &target_of<Refusjonshjemmel>(parent).refusjonsgruppe.emplace_back()};
      }
      return std::nullopt;
    case Ctx::refusjonsgruppe:
      if (name == "Refusjonskode") {
        return Frame{Ctx::refusjonskode,
                     &target_of<Refusjonsgruppe>(parent).refusjonskode.emplace_back()};
      }
      return std::nullopt;
    case Ctx::refusjonskode:
      if (name == "Refusjonsvilkar") {
        return Frame{Ctx::refusjonsvilkar,
                     &target_of<Refusjonskode>(parent).refusjonsvilkar.emplace_back()};
      }
      return std::nullopt;
    case Ctx::vilkar:
      if (name == "StrukturertVilkar") {
        return Frame{Ctx::strukturert_vilkar,
                     &target_of<Vilkar>(parent).strukturert_vilkar.emplace_back()};
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

bool assign_register_leaf(const Frame& parent, std::string_view name,
                          const ElementContent& content) {
  switch (parent.ctx) {
    case Ctx::virkestoff:
      assign_virkestoff(target_of<Virkestoff>(parent), name, content);
      return true;
    case Ctx::virkestoff_med_styrke:
      assign_virkestoff_med_styrke(target_of<VirkestoffMedStyrke>(parent), name, content);
      return true;
    case Ctx::kodeverk_info:
      assign_kodeverk_info(target_of<KodeverkInfo>(parent), name, content);
      return true;
    case Ctx::kodeverk_element:
      assign_kodeverk_element(target_of<KodeverkElement>(parent), name, content);
      return true;
    case Ctx::kodeverk_term:
      assign_kodeverk_term(target_of<KodeverkTerm>(parent), name, content);
      return true;
    case Ctx::byttegruppe:
      assign_byttegruppe(target_of<Byttegruppe>(parent), name, content);
      return true;
    case Ctx::interaksjon:
      assign_interaksjon(target_of<Interaksjon>(parent), name, content);
      return true;
    case Ctx::referanse: {
      auto& referanse = target_of<Referanse>(parent);
      if (name == "Kilde") referanse.kilde = content.text;
      if (name == "Lenke") referanse.lenke = content.attributes.v;
      return true;
    }
    case Ctx::substansgruppe:
      if (name == "Navn") target_of<Substansgruppe>(parent).navn = to_text(content.text);
      return true;
    case Ctx::substans:
      assign_substans(target_of<Substans>(parent), name, content);
      return true;
    case Ctx::interaksjon_ikke_vurdert:
      if (name == "Atc")
        target_of<InteraksjonIkkeVurdert>(parent).atc = to_coded(content.attributes);
      return true;
    case Ctx::refusjonshjemmel:
      assign_refusjonshjemmel(target_of<Refusjonshjemmel>(parent), name, content);
      return true;
    case Ctx::refusjonsgruppe:
      assign_refusjonsgruppe(target_of<Refusjonsgruppe>(parent), name, content);
      return true;
    case Ctx::refusjonskode:
      assign_refusjonskode(target_of<Refusjonskode>(parent), name, content);
      return true;
    case Ctx::refusjonsvilkar:
      assign_refusjonsvilkar(target_of<Refusjonsvilkar>(parent), name, content);
      return true;
    case Ctx::vilkar:
      assign_vilkar(target_of<Vilkar>(parent), name, content);
      return true;
    case Ctx::strukturert_vilkar:
      assign_strukturert_vilkar(target_of<StrukturertVilkar>(parent), name, content);
      return true;
    default:
      return false;
  }
}

}  // namespace gateway::medication
