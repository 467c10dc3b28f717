// Plain data model of the FEST M30 catalogs (ER-M30-2014-12-01.xsd + Forskrivning-2014-12-01.xsd).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

// Naming: every struct is named after its XSD element, every member is the XSD element name in
// lower snake_case split at its capitals (NavnFormStyrke -> navn_form_styrke, DDD -> ddd).
// Optional elements (minOccurs=0) are std::optional, repeated elements are std::vector.
// Dates (xs:date/xs:dateTime) and durations (xs:duration) are kept as the text given in the file.
namespace gateway::medication {

// kith:CS (V, DN) and kith:CV (V, S, DN, OT). For CS the system is empty (implied by the element).
// `system` is the bare OID from S ("2.16.578.1.12.4.1.1.7180"), without "urn:oid:".
struct Coded {
  std::string code;           // @V
  std::string system;         // @S
  std::string display;        // @DN
  std::string original_text;  // @OT
};

// kith:PQ (V double, U unit token) and kith:MO (V decimal, U currency). value_text is @V verbatim.
struct PhysicalQuantity {
  double value = 0.0;
  std::string unit;
  std::string value_text;
};

// xs:decimal / xs:double element content, parsed and verbatim.
struct Decimal {
  double value = 0.0;
  std::string text;
};

// The Oppf* wrapper metadata (m30:typeEnkeltoppforingFest): Oppf/Id, Tidspunkt, Status (7446).
struct Oppforing {
  std::string id;
  std::string tidspunkt;
  Coded status;  // "A" Aktiv oppføring, "U" Utgått oppføring
};

// ---- Shared parts of fs:typeLegemiddel ----

struct Refusjon {
  std::vector<std::string> ref_refusjonsgruppe;  // 1..* IDREF -> Refusjonsgruppe/Id
  std::string gyldig_fra_dato;
  std::optional<std::string> forskrives_til_dato;
  std::optional<std::string> utleveres_til_dato;
};

struct PakningByttegruppe {
  std::string ref_byttegruppe;  // IDREF -> Byttegruppe/Id
  std::optional<std::string> gyldig_fra_dato;
  std::optional<std::string> gyldig_til_dato;
};

struct AdministreringLegemiddel {
  std::optional<bool> blandingsveske;
  std::vector<std::string> ref_blandingsveske;
  std::vector<Coded> administrasjonsvei;           // 1..*, 7477
  std::optional<Coded> kan_knuses;                 // CS 1103
  std::optional<Coded> kan_apnes;                  // CS 1103
  std::optional<Coded> bolus;                      // CS 7470
  std::optional<Coded> injeksjonshastighet_bolus;  // CS 7471
  std::optional<Coded> deling;                     // CS 7472
  std::vector<Coded> enhet_dosering;               // 7480
  std::vector<Coded> kortdose;                     // 7478
  std::vector<Coded> forhandsregel_inntak;         // 7479
  std::vector<Coded> bruksomrade_etikett;          // 7488
};

// fs:typeLegemiddel: the common head of LegemiddelMerkevare, Legemiddelpakning,
// LegemiddelVirkestoff and Legemiddeldose.
struct TypeLegemiddel {
  std::optional<Coded> atc;  // 7180
  std::string navn_form_styrke;
  Coded reseptgruppe;                        // CS 7421
  std::optional<Coded> legemiddelform_kort;  // 7448
  std::vector<std::string> ref_vilkar;       // IDREF -> Vilkar/Id
  std::optional<Coded> preparattype;         // CS 7424
  std::optional<Coded> type_soknad_slv;      // CS 7422
  std::optional<bool> opioidsoknad;
  std::vector<Refusjon> refusjon;
  std::optional<PakningByttegruppe> pakning_byttegruppe;
  std::optional<AdministreringLegemiddel> administrering_legemiddel;
  std::optional<Coded> svart_trekant;
};

struct SortertVirkestoffMedStyrke {
  int sortering = 0;
  std::string ref_virkestoff_med_styrke;  // IDREF -> VirkestoffMedStyrke/Id
};

struct SortertVirkestoffUtenStyrke {
  int sortering = 0;
  std::string ref_virkestoff;  // IDREF -> Virkestoff/Id
};

struct Lenke {
  std::optional<std::string> beskrivelse;
  std::string www;  // Www/@V (kith:URL)
};

struct Preparatomtaleavsnitt {
  Coded avsnittoverskrift;  // CS
  Lenke lenke;
};

// ---- KatLegemiddelMerkevare ----

struct ProduktInfo {
  std::optional<bool> varseltrekant;
  std::optional<std::string> referanseprodukt;
  std::optional<Coded> vaksinestandard;  // 7447
  std::optional<std::string> produsent;  // MT-innehaver when there is a marketing authorisation
};

struct Reseptgyldighet {
  std::optional<Coded> kjonn;  // CS 3101
  std::string varighet;        // xs:duration, e.g. "P1Y"
};

struct Hjelpestoff {
  std::string navn;
};

struct LegemiddelMerkevare : TypeLegemiddel {
  Oppforing oppforing;
  std::string id;
  std::string varenavn;
  std::optional<std::string> legemiddelform_lang;
  std::vector<SortertVirkestoffMedStyrke> sortert_virkestoff_med_styrke;
  std::vector<SortertVirkestoffUtenStyrke> sortert_virkestoff_uten_styrke;
  std::optional<Coded> smak;  // CS
  std::optional<ProduktInfo> produkt_info;
  std::vector<Reseptgyldighet> reseptgyldighet;
  std::vector<Hjelpestoff> hjelpestoff;
  std::vector<Preparatomtaleavsnitt> preparatomtaleavsnitt;
};

// ---- KatLegemiddelpakning ----

struct Pakningskomponent {
  Coded pakningstype;  // 7449
  PhysicalQuantity mengde;
  std::optional<int> antall;
};

struct Pakningsinfo {
  std::string ref_legemiddel_merkevare;  // IDREF -> LegemiddelMerkevare/Id
  std::string pakningsstr;               // text, e.g. "3x10x1000"
  Coded enhet_pakning;                   // 7452
  Coded pakningstype;                    // 7449
  std::optional<int> multippel;
  std::optional<int> antall;
  Decimal mengde;
  std::optional<int> sortering;
  std::optional<PhysicalQuantity> ddd;  // unit 7489
  std::optional<Decimal> statistikkfaktor;
  std::vector<Pakningskomponent> pakningskomponent;
};

struct PakningsinfoResept {
  std::string varenavn;
  std::string pakningsstr;
  Coded enhet_pakning;
};

struct PrisVare {
  Coded type;             // 7453: trust `display`, the codes 3/4 disagree between spec and data
  PhysicalQuantity pris;  // kith:MO, unit "NOK"
  std::optional<std::string> gyldig_fra_dato;
  std::optional<std::string> gyldig_til_dato;
};

struct Markedsforingsinfo {
  std::optional<std::string> varenr_utgaende;
  std::optional<std::string> markedsforingsdato;
  std::optional<std::string> avreg_dato;
  std::optional<std::string> midl_utgatt_dato;
  std::optional<std::string> ompakker_av_endose;
};

struct Legemiddelpakning : TypeLegemiddel {
  Oppforing oppforing;
  std::string id;
  std::string varenr;  // string: leading zeros are significant ("038448")
  std::vector<std::string> ean;
  std::optional<bool> ikke_konservering;
  std::optional<Coded> oppbevaring;  // CS 7487
  std::vector<Pakningsinfo> pakningsinfo;
  std::vector<PakningsinfoResept> pakningsinfo_resept;
  std::vector<PrisVare> pris_vare;
  std::optional<Markedsforingsinfo> markedsforingsinfo;
  std::vector<Preparatomtaleavsnitt> preparatomtaleavsnitt;
};

// ---- KatVirkestoff (choice Virkestoff | VirkestoffMedStyrke) ----

struct Virkestoff {
  Oppforing oppforing;
  std::string id;
  std::string navn;
  std::optional<std::string> navn_engelsk;
  std::vector<std::string> ref_virkestoff;  // therapeutic moiety -> complete substance(s)/salt
  std::vector<Refusjon> refusjon;
};

struct VirkestoffMedStyrke {
  Oppforing oppforing;
  std::string id;
  PhysicalQuantity styrke;                        // unit 9090
  std::optional<PhysicalQuantity> styrke_nevner;  // unit 7452; absent = per 1 EnhetDosering
  std::string ref_virkestoff;                     // IDREF -> Virkestoff/Id
  std::optional<PhysicalQuantity> alternativ_styrke;
  std::optional<PhysicalQuantity> alternativ_styrke_nevner;
  Coded styrkeoperator;  // 7445: I Intervall, L Lik, M Mindre enn, S Større enn
  std::optional<Decimal> styrke_ovre_verdi;  // upper bound when styrkeoperator is I
  std::optional<Coded> atc_kombipreparat;    // 7180
};

// ---- KatLegemiddelVirkestoff ----

struct LegemiddelVirkestoff : TypeLegemiddel {
  Oppforing oppforing;
  std::string id;
  std::vector<SortertVirkestoffMedStyrke> sortert_virkestoff_med_styrke;
  std::vector<SortertVirkestoffUtenStyrke> sortert_virkestoff_uten_styrke;
  std::vector<std::string> ref_legemiddel_merkevare;  // IDREF -> LegemiddelMerkevare/Id
  std::vector<std::string> ref_pakning;               // IDREF -> Legemiddelpakning/Id
  std::vector<Coded> forskrivningsenhet_resept;
};

// ---- KatLegemiddeldose ----

struct Legemiddeldose : TypeLegemiddel {
  Oppforing oppforing;
  std::string id;
  std::optional<std::string> lmr_lopenr;
  PhysicalQuantity mengde;
  std::optional<Coded> pakningstype;     // 7449
  std::string ref_legemiddel_merkevare;  // IDREF -> LegemiddelMerkevare/Id
  std::vector<std::string> ref_pakning;  // 1..*, IDREF -> Legemiddelpakning/Id
  std::vector<Pakningskomponent> pakningskomponent;
  std::vector<Coded> enhet_ordinering;
};

// ---- KatKodeverk (OppfKodeverk -> Info + Element+) ----

struct KodeverkInfo {
  std::string id;  // kith:oid, e.g. "2.16.578.1.12.4.1.1.7448"
  std::string betegnelse;
  std::string kortnavn;
  std::string ansvarlig_utgiver;
  std::optional<std::string> merknad;
};

struct KodeverkTerm {
  std::string term;
  std::optional<std::string> beskrivelse_term;
  std::optional<Coded> sprak;  // CS
};

struct KodeverkElement {
  std::string id;
  std::optional<std::string> parent_id;  // IDREF -> KodeverkElement/Id
  std::string kode;
  std::vector<KodeverkTerm> term;
};

struct Kodeverk {
  Oppforing oppforing;
  KodeverkInfo info;
  std::vector<KodeverkElement> element;
};

// ---- KatByttegruppe ----

struct Byttegruppe {
  Oppforing oppforing;
  std::string id;
  Coded kode;  // CS 7450
  bool merknad_til_byttbarhet = false;
  std::optional<std::string> beskrivelse_byttbarhet;
  std::optional<std::string> gyldig_fra_dato;
  std::optional<std::string> gyldig_til_dato;
};

// ---- KatInteraksjon (choice Interaksjon | InteraksjonIkkeVurdert) ----

struct Referanse {
  std::string kilde;
  std::optional<std::string> lenke;  // Lenke/@V (kith:URL)
};

struct Substans {
  std::string substans;  // name
  std::optional<Coded> atc;
  std::vector<std::string> ref_virkestoff;  // IDREF -> Virkestoff/Id
};

struct Substansgruppe {
  std::optional<std::string> navn;
  std::vector<Substans> substans;  // 1..*
};

struct Interaksjon {
  Oppforing oppforing;
  std::string id;
  Coded relevans;  // CS 7483
  std::optional<std::string> situasjonskriterium;
  std::string klinisk_konsekvens;
  std::optional<std::string> interaksjonsmekanisme;
  Coded kildegrunnlag;  // CS 7485
  std::optional<std::string> handtering;
  std::vector<Coded> visningsregel;  // 7442
  std::vector<Referanse> referanse;
  std::vector<Substansgruppe> substansgruppe;  // 2..*: the interacting sides
};

struct InteraksjonIkkeVurdert {
  Oppforing oppforing;
  Coded atc;
};

// ---- KatRefusjon (OppfRefusjon -> Refusjonshjemmel) ----

struct Refusjonsvilkar {
  std::string ref_vilkar;  // IDREF -> Vilkar/Id
  std::string fra_dato;
  std::optional<std::string> til_dato;
};

struct Refusjonskode {
  Coded refusjonskode;  // ICPC/ICD/7434/7435
  std::optional<std::string> underterm;
  std::string gyldig_fra_dato;
  std::optional<std::string> forskrives_til_dato;
  std::optional<std::string> utleveres_til_dato;
  std::vector<Refusjonsvilkar> refusjonsvilkar;
};

struct Refusjonsgruppe {
  std::string id;   // target of Refusjon/RefRefusjonsgruppe
  Coded gruppe_nr;  // 7451
  std::optional<Coded> atc;
  bool krever_refusjonskode = false;
  std::optional<std::string> refusjonsberettighet_bruk;
  std::vector<std::string> ref_vilkar;
  std::vector<Refusjonskode> refusjonskode;
};

struct Refusjonshjemmel {
  Oppforing oppforing;
  Coded refusjonshjemmel;  // the element has the same name as its parent in the XSD
  bool krever_varekobling = false;
  bool krever_vedtak = false;
  std::vector<Refusjonsgruppe> refusjonsgruppe;  // 1..*
};

// ---- KatVilkar ----

struct StrukturertVilkar {
  Coded type;                            // 7439
  std::vector<std::string> verdi_tekst;  // choice VerdiTekst+ | VerdiKodet+
  std::vector<Coded> verdi_kodet;
};

struct Vilkar {
  Oppforing oppforing;
  std::string id;
  std::optional<std::string> vilkar_nr;
  Coded gruppe;       // 7437
  Coded gjelder_for;  // CS 7438
  std::string tekst;
  std::optional<std::string> gyldig_fra_dato;
  std::optional<std::string> gyldig_til_dato;
  std::vector<StrukturertVilkar> strukturert_vilkar;
};

// ---- The whole file ----

// The catalogs this model keeps (KatOrdineringVirkestoff, KatHandelsvare, KatDiagnose,
// KatVarselSlv and KatStrDosering are not imported).
enum class FestKatalog {
  legemiddel_merkevare,
  legemiddelpakning,
  virkestoff,  // both Virkestoff and VirkestoffMedStyrke
  legemiddel_virkestoff,
  legemiddeldose,
  kodeverk,
  byttegruppe,
  interaksjon,  // both Interaksjon and InteraksjonIkkeVurdert
  refusjon,
  vilkar,
};

// An Oppf* entry with Status V="U" (incremental extracts): it has no payload and expires the
// object whose current Oppforing has this Oppf/Id.
struct UtgattOppforing {
  FestKatalog katalog;
  Oppforing oppforing;
};

// One FEST file. Maps are keyed by the object's own Id (not Oppf/Id), except where noted.
struct FestCatalog {
  std::string hentet_dato;  // HentetDato: when DMP started generating the extract
  std::optional<std::string> gyldig_fradato_helfo;
  std::unordered_map<std::string, LegemiddelMerkevare> legemiddel_merkevare;
  std::unordered_map<std::string, Legemiddelpakning> legemiddelpakning;
  std::unordered_map<std::string, Virkestoff> virkestoff;
  std::unordered_map<std::string, VirkestoffMedStyrke> virkestoff_med_styrke;
  std::unordered_map<std::string, LegemiddelVirkestoff> legemiddel_virkestoff;
  std::unordered_map<std::string, Legemiddeldose> legemiddeldose;
  std::unordered_map<std::string, Kodeverk> kodeverk;  // keyed by Info/Id (the code system OID)
  std::unordered_map<std::string, Byttegruppe> byttegruppe;
  std::unordered_map<std::string, Interaksjon> interaksjon;
  // keyed by Atc/@V (the element has no Id)
  std::unordered_map<std::string, InteraksjonIkkeVurdert> interaksjon_ikke_vurdert;
  // keyed by Refusjonshjemmel/Refusjonshjemmel/@V (the element has no Id); the referenced
  // Refusjonsgruppe/Id values live inside
  std::unordered_map<std::string, Refusjonshjemmel> refusjonshjemmel;
  std::unordered_map<std::string, Vilkar> vilkar;
  // Status "U" entries of this file, applied by apply_incremental (empty for full extracts).
  std::vector<UtgattOppforing> utgatte_oppforinger;
};

}  // namespace gateway::medication
