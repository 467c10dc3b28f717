// FEST importer: fills LegemiddelMerkevare, Legemiddelpakning, LegemiddelVirkestoff and
// Legemiddeldose (fs:typeLegemiddel and their parts) from their child elements.
#include "medication/fest/builder_frames.hpp"
#include "medication/fest/field_values.hpp"
#include "medication/fest/model.hpp"

namespace gateway::medication {
namespace {

using Name = std::string_view;
using Content = ElementContent;

std::optional<Frame> enter_type_legemiddel(TypeLegemiddel& legemiddel, Name name) {
  if (name == "Refusjon") return Frame{Ctx::refusjon, &legemiddel.refusjon.emplace_back()};
  if (name == "PakningByttegruppe") {
    return Frame{Ctx::pakning_byttegruppe, &legemiddel.pakning_byttegruppe.emplace()};
  }
  if (name == "AdministreringLegemiddel") {
    return Frame{Ctx::administrering_legemiddel, &legemiddel.administrering_legemiddel.emplace()};
  }
  return std::nullopt;
}

bool assign_type_legemiddel(TypeLegemiddel& legemiddel, Name name, const Content& content) {
  if (name == "Atc") {
    legemiddel.atc = to_coded(content.attributes);
  } else if (name == "NavnFormStyrke") {
    legemiddel.navn_form_styrke = content.text;
  } else if (name == "Reseptgruppe") {
    legemiddel.reseptgruppe = to_coded(content.attributes);
  } else if (name == "LegemiddelformKort") {
    legemiddel.legemiddelform_kort = to_coded(content.attributes);
  } else if (name == "RefVilkar") {
    legemiddel.ref_vilkar.emplace_back(content.text);
  } else if (name == "Preparattype") {
    legemiddel.preparattype = to_coded(content.attributes);
  } else if (name == "TypeSoknadSlv") {
    legemiddel.type_soknad_slv = to_coded(content.attributes);
  } else if (name == "Opioidsoknad") {
    legemiddel.opioidsoknad = to_bool(content.text);
  } else if (name == "SvartTrekant") {
    legemiddel.svart_trekant = to_coded(content.attributes);
  } else {
    return false;
  }
  return true;
}

template <typename T>
std::optional<Frame> enter_sortert_virkestoff(T& legemiddel, Name name) {
  if (name == "SortertVirkestoffMedStyrke") {
    return Frame{Ctx::sortert_virkestoff_med_styrke,
                 &legemiddel.sortert_virkestoff_med_styrke.emplace_back()};
  }
  if (name == "SortertVirkestoffUtenStyrke") {
    return Frame{Ctx::sortert_virkestoff_uten_styrke,
                 &legemiddel.sortert_virkestoff_uten_styrke.emplace_back()};
  }
  return std::nullopt;
}

std::optional<Frame> enter_merkevare(LegemiddelMerkevare& merkevare, Name name) {
  if (auto frame = enter_type_legemiddel(merkevare, name)) return frame;
  if (auto frame = enter_sortert_virkestoff(merkevare, name)) return frame;
  if (name == "ProduktInfo") return Frame{Ctx::produkt_info, &merkevare.produkt_info.emplace()};
  if (name == "Reseptgyldighet") {
    return Frame{Ctx::reseptgyldighet, &merkevare.reseptgyldighet.emplace_back()};
  }
  if (name == "Hjelpestoff") return Frame{Ctx::hjelpestoff, &merkevare.hjelpestoff.emplace_back()};
  if (name == "Preparatomtaleavsnitt") {
    return Frame{Ctx::preparatomtaleavsnitt, &merkevare.preparatomtaleavsnitt.emplace_back()};
  }
  return std::nullopt;
}

void assign_merkevare(LegemiddelMerkevare& merkevare, Name name, const Content& content) {
  if (assign_type_legemiddel(merkevare, name, content)) return;
  if (name == "Id") {
    merkevare.id = content.text;
  } else if (name == "Varenavn") {
    merkevare.varenavn = content.text;
  } else if (name == "LegemiddelformLang") {
    merkevare.legemiddelform_lang = to_text(content.text);
  } else if (name == "Smak") {
    merkevare.smak = to_coded(content.attributes);
  }
}

std::optional<Frame> enter_pakning(Legemiddelpakning& pakning, Name name) {
  if (auto frame = enter_type_legemiddel(pakning, name)) return frame;
  if (name == "Pakningsinfo") return Frame{Ctx::pakningsinfo, &pakning.pakningsinfo.emplace_back()};
  if (name == "PakningsinfoResept") {
    return Frame{Ctx::pakningsinfo_resept, &pakning.pakningsinfo_resept.emplace_back()};
  }
  if (name == "PrisVare") return Frame{Ctx::pris_vare, &pakning.pris_vare.emplace_back()};
  if (name == "Markedsforingsinfo") {
    return Frame{Ctx::markedsforingsinfo, &pakning.markedsforingsinfo.emplace()};
  }
  if (name == "Preparatomtaleavsnitt") {
    return Frame{Ctx::preparatomtaleavsnitt, &pakning.preparatomtaleavsnitt.emplace_back()};
  }
  return std::nullopt;
}

void assign_pakning(Legemiddelpakning& pakning, Name name, const Content& content) {
  if (assign_type_legemiddel(pakning, name, content)) return;
  if (name == "Id") {
    pakning.id = content.text;
  } else if (name == "Varenr") {
    pakning.varenr = content.text;
  } else if (name == "Ean") {
    pakning.ean.emplace_back(content.text);
  } else if (name == "IkkeKonservering") {
    pakning.ikke_konservering = to_bool(content.text);
  } else if (name == "Oppbevaring") {
    pakning.oppbevaring = to_coded(content.attributes);
  }
}

std::optional<Frame> enter_legemiddel_virkestoff(LegemiddelVirkestoff& virkestoff, Name name) {
  if (auto frame = enter_type_legemiddel(virkestoff, name)) return frame;
  return enter_sortert_virkestoff(virkestoff, name);
}

void assign_legemiddel_virkestoff(LegemiddelVirkestoff& virkestoff, Name name,
                                  const Content& content) {
  if (assign_type_legemiddel(virkestoff, name, content)) return;
  if (name == "Id") {
    virkestoff.id = content.text;
  } else if (name == "RefLegemiddelMerkevare") {
    virkestoff.ref_legemiddel_merkevare.emplace_back(content.text);
  } else if (name == "RefPakning") {
    virkestoff.ref_pakning.emplace_back(content.text);
  } else if (name == "ForskrivningsenhetResept") {
    virkestoff.forskrivningsenhet_resept.push_back(to_coded(content.attributes));
  }
}

std::optional<Frame> enter_dose(Legemiddeldose& dose, Name name) {
  if (auto frame = enter_type_legemiddel(dose, name)) return frame;
  if (name == "Pakningskomponent") {
    return Frame{Ctx::pakningskomponent, &dose.pakningskomponent.emplace_back()};
  }
  return std::nullopt;
}

void assign_dose(Legemiddeldose& dose, Name name, const Content& content) {
  if (assign_type_legemiddel(dose, name, content)) return;
  if (name == "Id") {
    dose.id = content.text;
  } else if (name == "LmrLopenr") {
    dose.lmr_lopenr = to_text(content.text);
  } else if (name == "Mengde") {
    dose.mengde = to_quantity(content.attributes);
  } else if (name == "Pakningstype") {
    dose.pakningstype = to_coded(content.attributes);
  } else if (name == "RefLegemiddelMerkevare") {
    dose.ref_legemiddel_merkevare = content.text;
  } else if (name == "RefPakning") {
    dose.ref_pakning.emplace_back(content.text);
  } else if (name == "EnhetOrdinering") {
    dose.enhet_ordinering.push_back(to_coded(content.attributes));
  }
}

void assign_administrering(AdministreringLegemiddel& administrering, Name name,
                           const Content& content) {
  if (name == "Blandingsveske") {
    administrering.blandingsveske = to_bool(content.text);
  } else if (name == "RefBlandingsveske") {
    administrering.ref_blandingsveske.emplace_back(content.text);
  } else if (name == "Administrasjonsvei") {
    administrering.administrasjonsvei.push_back(to_coded(content.attributes));
  } else if (name == "KanKnuses") {
    administrering.kan_knuses = to_coded(content.attributes);
  } else if (name == "KanApnes") {
    administrering.kan_apnes = to_coded(content.attributes);
  } else if (name == "Bolus") {
    administrering.bolus = to_coded(content.attributes);
  } else if (name == "InjeksjonshastighetBolus") {
    administrering.injeksjonshastighet_bolus = to_coded(content.attributes);
  } else if (name == "Deling") {
    administrering.deling = to_coded(content.attributes);
  } else if (name == "EnhetDosering") {
    administrering.enhet_dosering.push_back(to_coded(content.attributes));
  } else if (name == "Kortdose") {
    administrering.kortdose.push_back(to_coded(content.attributes));
  } else if (name == "ForhandsregelInntak") {
    administrering.forhandsregel_inntak.push_back(to_coded(content.attributes));
  } else if (name == "BruksomradeEtikett") {
    administrering.bruksomrade_etikett.push_back(to_coded(content.attributes));
  }
}

void assign_refusjon(Refusjon& refusjon, Name name, const Content& content) {
  if (name == "RefRefusjonsgruppe") {
    refusjon.ref_refusjonsgruppe.emplace_back(content.text);
  } else if (name == "GyldigFraDato") {
    refusjon.gyldig_fra_dato = content.text;
  } else if (name == "ForskrivesTilDato") {
    refusjon.forskrives_til_dato = to_text(content.text);
  } else if (name == "UtleveresTilDato") {
    refusjon.utleveres_til_dato = to_text(content.text);
  }
}

void assign_pakning_byttegruppe(PakningByttegruppe& byttegruppe, Name name,
                                const Content& content) {
  if (name == "RefByttegruppe") {
    byttegruppe.ref_byttegruppe = content.text;
  } else if (name == "GyldigFraDato") {
    byttegruppe.gyldig_fra_dato = to_text(content.text);
  } else if (name == "GyldigTilDato") {
    byttegruppe.gyldig_til_dato = to_text(content.text);
  }
}

void assign_produkt_info(ProduktInfo& info, Name name, const Content& content) {
  if (name == "Varseltrekant") {
    info.varseltrekant = to_bool(content.text);
  } else if (name == "Referanseprodukt") {
    info.referanseprodukt = to_text(content.text);
  } else if (name == "Vaksinestandard") {
    info.vaksinestandard = to_coded(content.attributes);
  } else if (name == "Produsent") {
    info.produsent = to_text(content.text);
  }
}

void assign_pakningsinfo(Pakningsinfo& info, Name name, const Content& content) {
  if (name == "RefLegemiddelMerkevare") {
    info.ref_legemiddel_merkevare = content.text;
  } else if (name == "Pakningsstr") {
    info.pakningsstr = content.text;
  } else if (name == "EnhetPakning") {
    info.enhet_pakning = to_coded(content.attributes);
  } else if (name == "Pakningstype") {
    info.pakningstype = to_coded(content.attributes);
  } else if (name == "Multippel") {
    info.multippel = to_int(content.text);
  } else if (name == "Antall") {
    info.antall = to_int(content.text);
  } else if (name == "Mengde") {
    info.mengde = to_decimal(content.text);
  } else if (name == "Sortering") {
    info.sortering = to_int(content.text);
  } else if (name == "DDD") {
    info.ddd = to_quantity(content.attributes);
  } else if (name == "Statistikkfaktor") {
    info.statistikkfaktor = to_decimal(content.text);
  }
}

void assign_pakningskomponent(Pakningskomponent& komponent, Name name, const Content& content) {
  if (name == "Pakningstype") {
    komponent.pakningstype = to_coded(content.attributes);
  } else if (name == "Mengde") {
    komponent.mengde = to_quantity(content.attributes);
  } else if (name == "Antall") {
    komponent.antall = to_int(content.text);
  }
}

void assign_pakningsinfo_resept(PakningsinfoResept& info, Name name, const Content& content) {
  if (name == "Varenavn") {
    info.varenavn = content.text;
  } else if (name == "Pakningsstr") {
    info.pakningsstr = content.text;
  } else if (name == "EnhetPakning") {
    info.enhet_pakning = to_coded(content.attributes);
  }
}

void assign_pris_vare(PrisVare& pris, Name name, const Content& content) {
  if (name == "Type") {
    pris.type = to_coded(content.attributes);
  } else if (name == "Pris") {
    pris.pris = to_quantity(content.attributes);
  } else if (name == "GyldigFraDato") {
    pris.gyldig_fra_dato = to_text(content.text);
  } else if (name == "GyldigTilDato") {
    pris.gyldig_til_dato = to_text(content.text);
  }
}

void assign_markedsforingsinfo(Markedsforingsinfo& info, Name name, const Content& content) {
  if (name == "VarenrUtgaende") {
    info.varenr_utgaende = to_text(content.text);
  } else if (name == "Markedsforingsdato") {
    info.markedsforingsdato = to_text(content.text);
  } else if (name == "AvregDato") {
    info.avreg_dato = to_text(content.text);
  } else if (name == "MidlUtgattDato") {
    info.midl_utgatt_dato = to_text(content.text);
  } else if (name == "OmpakkerAvEndose") {
    info.ompakker_av_endose = to_text(content.text);
  }
}

}  // namespace

std::optional<Frame> enter_product_child(const Frame& parent, std::string_view name) {
  switch (parent.ctx) {
    case Ctx::legemiddel_merkevare:
      return enter_merkevare(target_of<LegemiddelMerkevare>(parent), name);
    case Ctx::legemiddelpakning:
      return enter_pakning(target_of<Legemiddelpakning>(parent), name);
    case Ctx::legemiddel_virkestoff:
      return enter_legemiddel_virkestoff(target_of<LegemiddelVirkestoff>(parent), name);
    case Ctx::legemiddeldose:
      return enter_dose(target_of<Legemiddeldose>(parent), name);
    case Ctx::preparatomtaleavsnitt:
      if (name == "Lenke")
        return Frame{Ctx::lenke, &target_of<Preparatomtaleavsnitt>(parent).lenke};
      return std::nullopt;
    case Ctx::pakningsinfo:
      if (name == "Pakningskomponent") {
        return Frame{Ctx::pakningskomponent,
                     &target_of<Pakningsinfo>(parent).pakningskomponent.emplace_back()};
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

bool assign_product_leaf(const Frame& parent, std::string_view name,
                         const ElementContent& content) {
  switch (parent.ctx) {
    case Ctx::legemiddel_merkevare:
      assign_merkevare(target_of<LegemiddelMerkevare>(parent), name, content);
      return true;
    case Ctx::legemiddelpakning:
      assign_pakning(target_of<Legemiddelpakning>(parent), name, content);
      return true;
    case Ctx::legemiddel_virkestoff:
      assign_legemiddel_virkestoff(target_of<LegemiddelVirkestoff>(parent), name, content);
      return true;
    case Ctx::legemiddeldose:
      assign_dose(target_of<Legemiddeldose>(parent), name, content);
      return true;
    case Ctx::administrering_legemiddel:
      assign_administrering(target_of<AdministreringLegemiddel>(parent), name, content);
      return true;
    case Ctx::refusjon:
      assign_refusjon(target_of<Refusjon>(parent), name, content);
      return true;
    case Ctx::pakning_byttegruppe:
      assign_pakning_byttegruppe(target_of<PakningByttegruppe>(parent), name, content);
      return true;
    case Ctx::sortert_virkestoff_med_styrke: {
      auto& sortert = target_of<SortertVirkestoffMedStyrke>(parent);
      if (name == "Sortering") sortert.sortering = to_int(content.text).value_or(0);
      if (name == "RefVirkestoffMedStyrke") sortert.ref_virkestoff_med_styrke = content.text;
      return true;
    }
    case Ctx::sortert_virkestoff_uten_styrke: {
      auto& sortert = target_of<SortertVirkestoffUtenStyrke>(parent);
      if (name == "Sortering") sortert.sortering = to_int(content.text).value_or(0);
      if (name == "RefVirkestoff") sortert.ref_virkestoff = content.text;
      return true;
    }
    case Ctx::produkt_info:
      assign_produkt_info(target_of<ProduktInfo>(parent), name, content);
      return true;
    case Ctx::reseptgyldighet: {
      auto& gyldighet = target_of<Reseptgyldighet>(parent);
      if (name == "Kjonn") gyldighet.kjonn = to_coded(content.attributes);
      if (name == "Varighet") gyldighet.varighet = content.text;
      return true;
    }
    case Ctx::hjelpestoff:
      if (name == "Navn") target_of<Hjelpestoff>(parent).navn = content.text;
      return true;
    case Ctx::preparatomtaleavsnitt:
      if (name == "Avsnittoverskrift") {
        target_of<Preparatomtaleavsnitt>(parent).avsnittoverskrift = to_coded(content.attributes);
      }
      return true;
    case Ctx::lenke: {
      auto& lenke = target_of<Lenke>(parent);
      if (name == "Beskrivelse") lenke.beskrivelse = to_text(content.text);
      if (name == "Www") lenke.www = content.attributes.v;
      return true;
    }
    case Ctx::pakningsinfo:
      assign_pakningsinfo(target_of<Pakningsinfo>(parent), name, content);
      return true;
    case Ctx::pakningskomponent:
      assign_pakningskomponent(target_of<Pakningskomponent>(parent), name, content);
      return true;
    case Ctx::pakningsinfo_resept:
      assign_pakningsinfo_resept(target_of<PakningsinfoResept>(parent), name, content);
      return true;
    case Ctx::pris_vare:
      assign_pris_vare(target_of<PrisVare>(parent), name, content);
      return true;
    case Ctx::markedsforingsinfo:
      assign_markedsforingsinfo(target_of<Markedsforingsinfo>(parent), name, content);
      return true;
    default:
      return false;
  }
}

}  // namespace gateway::medication
