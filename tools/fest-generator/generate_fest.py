#!/usr/bin/env python3
"""Generates deterministic, XSD-valid synthetic FEST M30 (2.5.1) files, full or incremental.

A full file validates against ER-M30-2014-12-01.xsd (every IDREF resolves). An incremental file
(--incremental) is built from the same model as the full file with the same --seed, --packages
and --merkevarer, and validates against ER-M30-2014-12-01-loose.xsd: it expires some entries
(Status V="U", no payload), edits some pakninger (old entry expired, new entry with the same
Legemiddelpakning Id) and adds new pakninger. Python 3 standard library only.
"""

import argparse
import random
import sys
from xml.sax.saxutils import escape

M30_NS = "http://www.kith.no/xmlstds/eresept/m30/2014-12-01"
FS_NS = "http://www.kith.no/xmlstds/eresept/forskrivning/2014-12-01"
OID = "2.16.578.1.12.4.1.1."

# Real substances (Norwegian name, English name, ATC, salt or None), used first.
REAL_SUBSTANCES = [
    ("Zolpidem", "Zolpidem", "N05CF02", "Zolpidemtartrat"),
    ("Zopiklon", "Zopiclone", "N05CF01", None),
    ("Paracetamol", "Paracetamol", "N02BE01", None),
    ("Ibuprofen", "Ibuprofen", "M01AE01", None),
    ("Naproksen", "Naproxen", "M01AE02", "Naproksennatrium"),
    ("Diklofenak", "Diclofenac", "M01AB05", "Diklofenaknatrium"),
    ("Acetylsalisylsyre", "Acetylsalicylic acid", "B01AC06", None),
    ("Kodein", "Codeine", "R05DA04", "Kodeinfosfathemihydrat"),
    ("Tramadol", "Tramadol", "N02AX02", "Tramadolhydroklorid"),
    ("Oksykodon", "Oxycodone", "N02AA05", "Oksykodonhydroklorid"),
    ("Morfin", "Morphine", "N02AA01", "Morfinsulfat"),
    ("Amitriptylin", "Amitriptyline", "N06AA09", "Amitriptylinhydroklorid"),
    ("Sertralin", "Sertraline", "N06AB06", "Sertralinhydroklorid"),
    ("Escitalopram", "Escitalopram", "N06AB10", "Escitalopramoksalat"),
    ("Citalopram", "Citalopram", "N06AB04", "Citalopramhydrobromid"),
    ("Mirtazapin", "Mirtazapine", "N06AX11", None),
    ("Venlafaksin", "Venlafaxine", "N06AX16", "Venlafaksinhydroklorid"),
    ("Kvetiapin", "Quetiapine", "N05AH04", "Kvetiapinfumarat"),
    ("Olanzapin", "Olanzapine", "N05AH03", None),
    ("Diazepam", "Diazepam", "N05BA01", None),
    ("Oksazepam", "Oxazepam", "N05BA04", None),
    ("Metformin", "Metformin", "A10BA02", "Metforminhydroklorid"),
    ("Atorvastatin", "Atorvastatin", "C10AA05", "Atorvastatinkalsiumtrihydrat"),
    ("Simvastatin", "Simvastatin", "C10AA01", None),
    ("Rosuvastatin", "Rosuvastatin", "C10AA07", "Rosuvastatinkalsium"),
    ("Amlodipin", "Amlodipine", "C08CA01", "Amlodipinbesilat"),
    ("Metoprolol", "Metoprolol", "C07AB02", "Metoprololsuksinat"),
    ("Losartan", "Losartan", "C09CA01", "Losartankalium"),
    ("Valsartan", "Valsartan", "C09CA03", None),
    ("Kandesartan", "Candesartan", "C09CA06", "Kandesartancileksetil"),
    ("Enalapril", "Enalapril", "C09AA02", "Enalaprilmaleat"),
    ("Lisinopril", "Lisinopril", "C09AA03", "Lisinoprildihydrat"),
    ("Hydroklortiazid", "Hydrochlorothiazide", "C03AA03", None),
    ("Furosemid", "Furosemide", "C03CA01", None),
    ("Warfarin", "Warfarin", "B01AA03", "Warfarinnatrium"),
    ("Apiksaban", "Apixaban", "B01AF02", None),
    ("Levotyroksin", "Levothyroxine", "H03AA01", "Levotyroksinnatrium"),
    ("Prednisolon", "Prednisolone", "H02AB06", None),
    ("Omeprazol", "Omeprazole", "A02BC01", None),
    ("Esomeprazol", "Esomeprazole", "A02BC05", "Esomeprazolmagnesiumtrihydrat"),
    ("Pantoprazol", "Pantoprazole", "A02BC02", "Pantoprazolnatriumseskvihydrat"),
    ("Amoksicillin", "Amoxicillin", "J01CA04", "Amoksicillintrihydrat"),
    ("Fenoksymetylpenicillin", "Phenoxymethylpenicillin", "J01CE02", "Fenoksymetylpenicillinkalium"),
    ("Doksysyklin", "Doxycycline", "J01AA02", "Doksysyklinhyklat"),
    ("Cetirizin", "Cetirizine", "R06AE07", "Cetirizindihydroklorid"),
    ("Loratadin", "Loratadine", "R06AX13", None),
    ("Salbutamol", "Salbutamol", "R03AC02", "Salbutamolsulfat"),
    ("Budesonid", "Budesonide", "R03BA02", None),
    ("Levetiracetam", "Levetiracetam", "N03AX14", None),
    ("Lamotrigin", "Lamotrigine", "N03AX09", None),
    ("Gabapentin", "Gabapentin", "N03AX12", None),
    ("Pregabalin", "Pregabalin", "N03AX16", None),
    ("Metylfenidat", "Methylphenidate", "N06BA04", "Metylfenidathydroklorid"),
    ("Allopurinol", "Allopurinol", "M04AA01", None),
    ("Alendronsyre", "Alendronic acid", "M05BA04", "Natriumalendronat"),
    ("Finasterid", "Finasteride", "G04CB01", None),
    ("Tamsulosin", "Tamsulosin", "G04CA02", "Tamsulosinhydroklorid"),
    ("Klotrimazol", "Clotrimazole", "D01AC01", None),
    ("Hydrokortison", "Hydrocortisone", "D07AA02", None),
    ("Imikimod", "Imiquimod", "D06BB10", None),
]

# Real ATC level-4 groups that synthetic substances are placed in.
ATC_GROUPS = [
    "A02BC", "A10BA", "A10BH", "B01AC", "B01AF", "C03CA", "C07AB", "C08CA", "C09AA", "C09CA",
    "C10AA", "D07AC", "G04CA", "H02AB", "J01CA", "J01DB", "J01FA", "L01XE", "L04AX", "M01AE",
    "N02AA", "N02BE", "N03AX", "N05AH", "N05BA", "N05CF", "N06AB", "N06AX", "R03AC", "R06AE",
]

SYLLABLES = ["ka", "lo", "mi", "ra", "te", "no", "vi", "sa", "de", "pro", "ze", "fa", "ni",
             "tor", "val", "mek", "sin", "dur", "lin", "xa", "bi", "ol", "an", "ur", "pe"]
SUBSTANCE_ENDINGS = ["pril", "sartan", "statin", "olol", "azol", "mab", "tinib", "prazol",
                     "floksacin", "cyklin", "dipin", "tiazid", "gliptin", "vir", "kain", "setron"]
SALT_SUFFIXES = ["hydroklorid", "natrium", "kalium", "maleat", "fumarat", "sulfat", "mesilat"]
COMPANIES = ["Sandoz", "Mylan", "Orion", "Actavis", "Krka", "Teva", "Accord", "Bluefish",
             "Orifarm", "Medical Valley", "Dune", "Zentiva", "Viatris", "Stada", "Aurobindo",
             "Ratiopharm", "Hexal", "Abcur", "Navamedic", "Takeda", "Pfizer", "Novartis"]
BRAND_ENDINGS = ["ex", "in", "on", "al", "ax", "il", "ol", "an", "ia", "or"]

# Dose forms: (7448 code, DN, short name in NavnFormStyrke, long form, 7480 unit code, DN,
# liquid concentration (StyrkeNevner in ml) or None, packaging: 7449 code, DN, unit 7452)
FORMS = [
    ("53", "Tablett", "tab", "Tablett, filmdrasjert", "13", "tablett", None, "169", "Blisterpakning", "stk"),
    ("53", "Tablett", "tab", "Tablett", "13", "tablett", None, "50", "Boks", "stk"),
    ("32", "Kapsel", "kaps", "Kapsel, hard", "6", "kapsel", None, "169", "Blisterpakning", "stk"),
    ("54", "Depottablett", "depottab", "Depottablett", "13", "tablett", None, "169", "Blisterpakning", "stk"),
    ("22", "Mikstur", "mikst", "Mikstur, oppløsning", "20", "milliliter", 5, "70", "Flaske", "ml"),
    ("16", "Injeksjonsvæske", "inj", "Injeksjonsvæske, oppløsning", "20", "milliliter", 1, "4", "Ampulle", "ml"),
    ("12", "Krem", "krem", "Krem", "22", "gram", None, "90", "Tube", "g"),
]

STRENGTHS_MG = [0.5, 1, 2, 2.5, 5, 7.5, 10, 12.5, 15, 20, 25, 40, 50, 80, 100, 150, 160, 200, 250,
                300, 400, 500, 600, 750, 1000]
PACK_SIZES = [7, 10, 14, 20, 28, 30, 50, 56, 60, 98, 100]
RELEVANS = [("1", "Bør unngås"), ("2", "Forholdsregler bør tas"), ("3", "Ingen tiltak nødvendig")]
KILDEGRUNNLAG = [("1", "Studier"), ("2", "Kasuistikker"), ("3", "Teoretisk"), ("4", "Indirekte data")]
PRICE_TYPES = [("3", "AIP"), ("4", "AUP"), ("2", "Refusjonspris")]


class Ids:
    """Deterministic, document-unique xs:ID values that look like FEST GUIDs."""

    def __init__(self, rng):
        self.rng = rng

    def new(self):
        value = "%032X" % self.rng.getrandbits(128)
        return "ID_%s-%s-%s-%s-%s" % (value[:8], value[8:12], value[12:16], value[16:20], value[20:])


def fmt(number):
    text = ("%.4f" % number).rstrip("0").rstrip(".")
    return text


def decimal_comma(number):
    return fmt(number).replace(".", ",")


def date(rng, first_year=2015, last_year=2025):
    return "%04d-%02d-%02d" % (rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


def timestamp(rng, first_year=2018, last_year=2025):
    return "%sT%02d:%02d:%02d" % (date(rng, first_year, last_year), rng.randint(0, 5),
                                  rng.randint(0, 59), rng.randint(0, 59))


def invented_word(rng, syllables):
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


class Model:
    """Everything a FEST file holds, as plain dicts, generated from one random stream."""

    def __init__(self, seed, packages, merkevarer):
        self.rng = random.Random(seed)
        self.ids = Ids(self.rng)
        self.vilkar = []
        self.refusjonsgrupper = []
        self.hjemler = []
        self.substances = []
        self.salts = []
        self.strengths = []
        self.merkevarer = []
        self.pakninger = []
        self.byttegrupper = []
        self.legemiddel_virkestoff = []
        self.doser = []
        self.interaksjoner = []
        self.ikke_vurdert = []
        self.used_varenr = set()
        self._make_vilkar()
        self._make_refusjon()
        self._make_substances(max(60, merkevarer // 9))
        self._make_products(merkevarer)
        self._make_pakninger(packages)
        self._make_doser()
        self._make_interaksjoner()

    def oppf(self):
        return {"oppf_id": self.ids.new(), "tidspunkt": timestamp(self.rng)}

    def _make_vilkar(self):
        rng = self.rng
        for number in range(1, 151):
            self.vilkar.append(dict(self.oppf(), id=self.ids.new(), nr=str(100 + number),
                                    gruppe=rng.choice([("1", "Forskrivning"), ("2", "Utlevering"),
                                                       ("3", "Refusjon")]),
                                    tekst="Vilkår %d: Forskrivning skal skje i henhold til "
                                          "gjeldende retningslinjer for %s." %
                                          (100 + number, rng.choice(["spesialist", "sykehus", "allmennlege"])),
                                    fra=date(rng, 2015, 2022), structured=rng.random() < 0.3))

    def _make_refusjon(self):
        rng = self.rng
        hjemler = [("200", "§ 2 Forhåndsgodkjent refusjon"), ("300", "§ 3 Individuell stønad"),
                   ("400", "§ 4 Legemidler til visse sykdommer"), ("500", "§ 5-14 Bidrag"),
                   ("600", "§ 6 H-resept")]
        for code, display in hjemler:
            hjemmel = dict(self.oppf(), code=code, display=display, grupper=[])
            for _ in range(40):
                gruppe = {"id": self.ids.new(), "nr": "-%d" % rng.randint(1, 99),
                          "dn": "Refusjonsgruppe %s" % invented_word(rng, 3).capitalize(),
                          "vilkar": [v["id"] for v in rng.sample(self.vilkar, rng.randint(0, 2))],
                          "koder": [("-%d" % rng.randint(1, 99), "ICPC %s%02d" % (rng.choice("ADKLNPRT"), rng.randint(1, 99)),
                                     date(rng, 2015, 2022))
                                    for _ in range(rng.randint(0, 3))]}
                hjemmel["grupper"].append(gruppe)
                self.refusjonsgrupper.append(gruppe)
            self.hjemler.append(hjemmel)

    def _make_substances(self, count):
        rng = self.rng
        names = set()
        atc_used = set()
        for name, english, atc, salt in REAL_SUBSTANCES:
            names.add(name)
            atc_used.add(atc)
            self._add_substance(name, english, atc, salt)
        while len(self.substances) < count:
            name = (invented_word(rng, rng.randint(1, 2)) + rng.choice(SUBSTANCE_ENDINGS)).capitalize()
            if name in names:
                continue
            atc = "%s%02d" % (rng.choice(ATC_GROUPS), rng.randint(1, 99))
            if atc in atc_used:
                continue
            names.add(name)
            atc_used.add(atc)
            salt = name + rng.choice(SALT_SUFFIXES) if rng.random() < 0.35 else None
            self._add_substance(name, name.replace("k", "c"), atc, salt)

    def _add_substance(self, name, english, atc, salt):
        substance = dict(self.oppf(), id=self.ids.new(), navn=name, engelsk=english, atc=atc, salt=None)
        if salt:
            salt_entry = dict(self.oppf(), id=self.ids.new(), navn=salt, engelsk=salt, atc=atc, salt=None)
            self.salts.append(salt_entry)
            substance["salt"] = salt_entry["id"]
        self.substances.append(substance)

    def _strength(self, substance, form, unit_scale):
        rng = self.rng
        value = rng.choice(STRENGTHS_MG) * unit_scale
        strength = dict(self.oppf(), id=self.ids.new(), value=value, unit="mg",
                        substance=substance["id"], nevner=None, operator=("L", "Lik"),
                        ovre=None, alternativ=None, atc_kombi=None)
        if form[6]:
            strength["nevner"] = (form[6], "ml")
        if form[2] == "krem":
            strength["unit"] = "%"
            strength["value"] = rng.choice([0.05, 0.1, 0.5, 1, 2, 5])
            strength["alternativ"] = (strength["value"] * 10, "mg", 1, "g")
        roll = rng.random()
        if roll < 0.02:
            strength["operator"] = ("I", "Intervall")
            strength["ovre"] = strength["value"] * 1.1
        elif roll < 0.03:
            strength["operator"] = ("M", "Mindre enn")
        elif roll < 0.035:
            strength["operator"] = ("S", "Større enn")
        self.strengths.append(strength)
        return strength

    def _make_products(self, merkevare_count):
        rng = self.rng
        while len(self.merkevarer) < merkevare_count:
            form = rng.choice(FORMS)
            actives = rng.sample(self.substances, 1 if rng.random() < 0.85 else rng.randint(2, 3))
            scales = [rng.choice([1, 1, 1, 0.5, 2]) for _ in actives]
            brand_count = min(merkevare_count - len(self.merkevarer), 1 + int(rng.expovariate(0.6)))
            atc = actives[0]["atc"] if len(actives) == 1 else actives[0]["atc"][:5] + "%02d" % (50 + len(actives))
            reseptgruppe = rng.choice([("A", "Reseptgruppe A"), ("B", "Reseptgruppe B"),
                                       ("C", "Reseptgruppe C"), ("C", "Reseptgruppe C"),
                                       ("F", "Reseptgruppe F")])
            generic_strengths = None
            members = []
            for _ in range(brand_count):
                strengths = [self._strength(s, form, scale) for s, scale in zip(actives, scales)]
                if len(actives) > 1:
                    for strength, active in zip(strengths, actives):
                        strength["atc_kombi"] = (active["atc"], active["navn"])
                if generic_strengths is None:
                    generic_strengths = strengths
                else:
                    for strength, template in zip(strengths, generic_strengths):
                        strength.update(value=template["value"], unit=template["unit"],
                                        nevner=template["nevner"], alternativ=template["alternativ"])
                merkevare = self._merkevare(actives, strengths, form, atc, reseptgruppe)
                members.append(merkevare)
                self.merkevarer.append(merkevare)
            byttegruppe = None
            if len(members) >= 2:
                byttegruppe = dict(self.oppf(), id=self.ids.new(), kode="%06d" % (len(self.byttegrupper) + 1),
                                   dn=("%s %s %s" % (actives[0]["navn"], form[1], members[0]["styrke_text"])).upper(),
                                   merknad=rng.random() < 0.1, fra=date(rng, 2015, 2023))
                self.byttegrupper.append(byttegruppe)
            for merkevare in members:
                merkevare["byttegruppe"] = byttegruppe
            if rng.random() < 0.6:
                self.legemiddel_virkestoff.append(dict(
                    self.oppf(), id=self.ids.new(), members=members, form=form, atc=atc,
                    reseptgruppe=reseptgruppe, strengths=generic_strengths, actives=actives,
                    navn="%s %s %s" % (" og ".join(a["navn"].lower() for a in actives).capitalize(),
                                       form[2], members[0]["styrke_text"])))

    def _merkevare(self, actives, strengths, form, atc, reseptgruppe):
        rng = self.rng
        if rng.random() < 0.55:
            company = rng.choice(COMPANIES)
            varenavn = "%s %s" % (actives[0]["navn"], company)
        else:
            company = rng.choice(COMPANIES)
            varenavn = (invented_word(rng, rng.randint(1, 2)) + rng.choice(BRAND_ENDINGS)).capitalize()
            if len(actives) > 1:
                varenavn += " Comp"
        styrke_text = "/".join("%s %s" % (decimal_comma(s["value"]), s["unit"]) +
                               ("/%s ml" % fmt(s["nevner"][0]) if s["nevner"] else "") for s in strengths)
        return dict(
            self.oppf(), id=self.ids.new(), varenavn=varenavn, form=form, atc=atc,
            atc_dn=" og ".join(a["navn"] for a in actives),
            navn_form_styrke="%s %s %s" % (varenavn, form[2], styrke_text), styrke_text=styrke_text,
            reseptgruppe=reseptgruppe, strengths=strengths, actives=actives, produsent=company,
            vilkar=[v["id"] for v in rng.sample(self.vilkar, 1)] if rng.random() < 0.1 else [],
            refusjon=[rng.choice(self.refusjonsgrupper)["id"]] if rng.random() < 0.3 else [],
            svart_trekant=rng.random() < 0.05, varseltrekant=rng.random() < 0.15,
            opioid=atc.startswith("N02A"), uten_styrke=rng.random() < 0.02)

    def _new_varenr(self):
        while True:
            varenr = "%06d" % self.rng.randint(1, 599999)
            if varenr not in self.used_varenr:
                self.used_varenr.add(varenr)
                return varenr

    def _pakning(self, merkevare):
        rng = self.rng
        form = merkevare["form"]
        size = rng.choice(PACK_SIZES) if form[9] == "stk" else rng.choice([1, 5, 10, 30, 100, 200])
        multippel = rng.choice([None, None, None, 2, 3]) if form[9] == "stk" else None
        aip = round(rng.uniform(20, 2500), 2)
        return dict(
            self.oppf(), id=self.ids.new(), merkevare=merkevare, varenr=self._new_varenr(),
            ean="704626%07d" % rng.randint(0, 9999999), size=size, multippel=multippel,
            aip=aip, aup=round(aip * 1.35 + 30, 2), markedsfort=date(rng, 2010, 2025),
            avreg=date(rng, 2024, 2026) if rng.random() < 0.03 else None,
            midl_utgatt=date(rng, 2024, 2026) if rng.random() < 0.02 else None,
            ddd=(fmt(merkevare["strengths"][0]["value"] * 2), "mg"))

    def _make_pakninger(self, count):
        for merkevare in self.merkevarer:
            self.pakninger.append(self._pakning(merkevare))
        while len(self.pakninger) < count:
            self.pakninger.append(self._pakning(self.rng.choice(self.merkevarer)))

    def _make_doser(self):
        rng = self.rng
        for pakning in self.pakninger:
            if pakning["merkevare"]["form"][9] == "stk" and rng.random() < 0.3:
                self.doser.append(dict(self.oppf(), id=self.ids.new(), pakning=pakning,
                                       lmr="%07d" % (1000000 + len(self.doser))))

    def _make_interaksjoner(self):
        rng = self.rng
        count = max(50, len(self.substances) * 2)
        for _ in range(count):
            left, right = rng.sample(self.substances, 2)
            relevans = rng.choice(RELEVANS)
            self.interaksjoner.append(dict(
                self.oppf(), id=self.ids.new(), sides=[[left], [right] + ([rng.choice(self.substances)] if rng.random() < 0.2 else [])],
                relevans=relevans, kilde=rng.choice(KILDEGRUNNLAG),
                konsekvens="Økt konsentrasjon av %s med risiko for bivirkninger." % right["navn"].lower(),
                mekanisme="Hemming av CYP3A4-metabolismen av %s." % right["navn"].lower() if rng.random() < 0.7 else None,
                handtering="Unngå kombinasjonen eller juster dosen av %s." % right["navn"].lower()))
        for substance in rng.sample(self.substances, min(60, len(self.substances) // 4)):
            self.ikke_vurdert.append(dict(self.oppf(), atc=substance["atc"], dn=substance["navn"]))


def esc(text):
    return escape(text, {'"': "&quot;"})


def cv(tag, code, system, display):
    return '<%s V="%s" S="%s%s" DN="%s"/>' % (tag, esc(code), OID, system, esc(display))


def cs(tag, code, display):
    return '<%s V="%s" DN="%s"/>' % (tag, esc(code), esc(display))


def oppf_head(entry, status="A"):
    display = "Aktiv oppføring" if status == "A" else "Utgått oppføring"
    return "<Id>%s</Id><Tidspunkt>%s</Tidspunkt>%s" % (entry["oppf_id"], entry["tidspunkt"], cs("Status", status, display))


def type_legemiddel(out, merkevare, with_admin=True, refusjon=None, byttegruppe=True):
    form = merkevare["form"]
    out.append(cv("Atc", merkevare["atc"], "7180", merkevare["atc_dn"]))
    out.append("<NavnFormStyrke>%s</NavnFormStyrke>" % esc(merkevare["navn_form_styrke"]))
    out.append(cs("Reseptgruppe", *merkevare["reseptgruppe"]))
    out.append(cv("LegemiddelformKort", form[0], "7448", form[1]))
    for vilkar in merkevare["vilkar"]:
        out.append("<RefVilkar>%s</RefVilkar>" % vilkar)
    out.append(cs("Preparattype", "7", "Legemiddel"))
    out.append(cs("TypeSoknadSlv", "1", "Skal ikke søkes"))
    if merkevare["opioid"]:
        out.append("<Opioidsoknad>true</Opioidsoknad>")
    for gruppe in merkevare["refusjon"] if refusjon is None else refusjon:
        out.append("<Refusjon><RefRefusjonsgruppe>%s</RefRefusjonsgruppe><GyldigFraDato>2023-01-01</GyldigFraDato></Refusjon>" % gruppe)
    if byttegruppe and merkevare["byttegruppe"]:
        out.append("<PakningByttegruppe><RefByttegruppe>%s</RefByttegruppe><GyldigFraDato>%s</GyldigFraDato></PakningByttegruppe>"
                   % (merkevare["byttegruppe"]["id"], merkevare["byttegruppe"]["fra"]))
    if with_admin:
        route = ("53", "Oral bruk") if form[2] in ("tab", "kaps", "depottab", "mikst") else (
            ("3", "Intravenøs bruk") if form[2] == "inj" else ("25", "Kutan bruk"))
        out.append("<AdministreringLegemiddel>%s" % cv("Administrasjonsvei", route[0], "7477", route[1]))
        if form[9] == "stk":
            out.append(cs("KanKnuses", "9", "Ukjent"))
            out.append(cs("Deling", "0", "Ikke spesifisert"))
        out.append("%s</AdministreringLegemiddel>" % cv("EnhetDosering", form[4], "7480", form[5]))
    if merkevare["svart_trekant"]:
        out.append(cv("SvartTrekant", "1", "7182", "Svart trekant"))


def write_merkevare(out, m):
    out.append('<OppfLegemiddelMerkevare>%s<LegemiddelMerkevare xmlns="%s">' % (oppf_head(m), FS_NS))
    type_legemiddel(out, m)
    out.append("<Id>%s</Id><Varenavn>%s</Varenavn><LegemiddelformLang>%s</LegemiddelformLang>"
               % (m["id"], esc(m["varenavn"]), esc(m["form"][3])))
    if m["uten_styrke"]:
        for index, active in enumerate(m["actives"]):
            out.append("<SortertVirkestoffUtenStyrke><Sortering>%d</Sortering><RefVirkestoff>%s</RefVirkestoff></SortertVirkestoffUtenStyrke>"
                       % (index, active["id"]))
    else:
        for index, strength in enumerate(m["strengths"]):
            out.append("<SortertVirkestoffMedStyrke><Sortering>%d</Sortering><RefVirkestoffMedStyrke>%s</RefVirkestoffMedStyrke></SortertVirkestoffMedStyrke>"
                       % (index, strength["id"]))
    out.append("<ProduktInfo>%s<Produsent>%s</Produsent></ProduktInfo>"
               % ("<Varseltrekant>true</Varseltrekant>" if m["varseltrekant"] else "", esc(m["produsent"])))
    out.append("<Reseptgyldighet><Varighet>P1Y</Varighet></Reseptgyldighet>")
    if m["form"][2] in ("tab", "kaps"):
        out.append("<Hjelpestoff><Navn>Laktosemonohydrat</Navn></Hjelpestoff>")
    out.append('<Preparatomtaleavsnitt>%s<Lenke><Www V="https://produktinformasjon.legemiddelsok.no/preparatomtaler/%s.pdf"/></Lenke></Preparatomtaleavsnitt>'
               % (cs("Avsnittoverskrift", "SPCHUMAN_04_01", "Indikasjoner"), m["id"][3:11].lower()))
    out.append("</LegemiddelMerkevare></OppfLegemiddelMerkevare>\n")


def write_pakning(out, p, price_factor=1.0):
    m = p["merkevare"]
    form = m["form"]
    out.append('<OppfLegemiddelpakning>%s<Legemiddelpakning xmlns="%s">' % (oppf_head(p), FS_NS))
    type_legemiddel(out, m, with_admin=False)
    out.append("<Id>%s</Id><Varenr>%s</Varenr><Ean>%s</Ean>" % (p["id"], p["varenr"], p["ean"]))
    out.append(cs("Oppbevaring", "R", "Rom (15-25 grader)"))
    size = p["size"]
    total = size * (p["multippel"] or 1)
    pakningsstr = "%dx%d" % (p["multippel"], size) if p["multippel"] else str(size)
    out.append("<Pakningsinfo><RefLegemiddelMerkevare>%s</RefLegemiddelMerkevare><Pakningsstr>%s</Pakningsstr>%s%s"
               % (m["id"], pakningsstr, cv("EnhetPakning", form[9], "7452", {"stk": "stykk", "ml": "milliliter", "g": "gram"}[form[9]]),
                  cv("Pakningstype", form[7], "7449", form[8])))
    if p["multippel"]:
        out.append("<Multippel>%d</Multippel>" % p["multippel"])
    out.append('<Mengde>%d</Mengde><DDD V="%s" U="%s"/><Statistikkfaktor>%d</Statistikkfaktor>' % (size, p["ddd"][0], p["ddd"][1], total))
    if p["multippel"]:
        out.append('<Pakningskomponent>%s<Mengde V="%d" U="%s"/><Antall>%d</Antall></Pakningskomponent>'
                   % (cv("Pakningstype", form[7], "7449", form[8]), size, form[9], p["multippel"]))
    out.append("</Pakningsinfo>")
    for (code, display), price in zip(PRICE_TYPES, (p["aip"], p["aup"], p["aup"])):
        out.append('<PrisVare>%s<Pris V="%.2f" U="NOK"/><GyldigFraDato>2024-01-01</GyldigFraDato></PrisVare>'
                   % (cv("Type", code, "7453", display), price * price_factor))
    out.append("<Markedsforingsinfo><Markedsforingsdato>%s</Markedsforingsdato>" % p["markedsfort"])
    if p["avreg"]:
        out.append("<AvregDato>%s</AvregDato>" % p["avreg"])
    if p["midl_utgatt"]:
        out.append("<MidlUtgattDato>%s</MidlUtgattDato>" % p["midl_utgatt"])
    out.append("</Markedsforingsinfo></Legemiddelpakning></OppfLegemiddelpakning>\n")


def write_virkestoff(out, v):
    out.append('<OppfVirkestoff>%s<Virkestoff xmlns="%s"><Id>%s</Id><Navn>%s</Navn><NavnEngelsk>%s</NavnEngelsk>'
               % (oppf_head(v), FS_NS, v["id"], esc(v["navn"]), esc(v["engelsk"])))
    if v["salt"]:
        out.append("<RefVirkestoff>%s</RefVirkestoff>" % v["salt"])
    out.append("</Virkestoff></OppfVirkestoff>\n")


def write_styrke(out, s):
    out.append('<OppfVirkestoff>%s<VirkestoffMedStyrke xmlns="%s"><Id>%s</Id><Styrke V="%s" U="%s"/>'
               % (oppf_head(s), FS_NS, s["id"], fmt(s["value"]), s["unit"]))
    if s["nevner"]:
        out.append('<StyrkeNevner V="%s" U="%s"/>' % (fmt(s["nevner"][0]), s["nevner"][1]))
    out.append("<RefVirkestoff>%s</RefVirkestoff>" % s["substance"])
    if s["alternativ"]:
        value, unit, per, per_unit = s["alternativ"]
        out.append('<AlternativStyrke V="%s" U="%s"/><AlternativStyrkeNevner V="%s" U="%s"/>' % (fmt(value), unit, fmt(per), per_unit))
    out.append(cv("Styrkeoperator", s["operator"][0], "7445", s["operator"][1]))
    if s["ovre"] is not None:
        out.append("<StyrkeOvreVerdi>%s</StyrkeOvreVerdi>" % fmt(s["ovre"]))
    if s["atc_kombi"]:
        out.append(cv("AtcKombipreparat", s["atc_kombi"][0], "7180", s["atc_kombi"][1]))
    out.append("</VirkestoffMedStyrke></OppfVirkestoff>\n")


def write_legemiddel_virkestoff(out, lv):
    first = lv["members"][0]
    pseudo = dict(first, navn_form_styrke=lv["navn"], vilkar=[], refusjon=[], svart_trekant=False)
    out.append('<OppfLegemiddelVirkestoff>%s<LegemiddelVirkestoff xmlns="%s">' % (oppf_head(lv), FS_NS))
    type_legemiddel(out, pseudo, with_admin=False, byttegruppe=False)
    out.append("<Id>%s</Id>" % lv["id"])
    for index, strength in enumerate(lv["strengths"]):
        out.append("<SortertVirkestoffMedStyrke><Sortering>%d</Sortering><RefVirkestoffMedStyrke>%s</RefVirkestoffMedStyrke></SortertVirkestoffMedStyrke>"
                   % (index, strength["id"]))
    for member in lv["members"]:
        out.append("<RefLegemiddelMerkevare>%s</RefLegemiddelMerkevare>" % member["id"])
    out.append(cv("ForskrivningsenhetResept", lv["form"][4], "7480", lv["form"][5]))
    out.append("</LegemiddelVirkestoff></OppfLegemiddelVirkestoff>\n")


def write_refusjon(out, h):
    out.append("<OppfRefusjon>%s<Refusjonshjemmel>%s<KreverVarekobling>true</KreverVarekobling><KreverVedtak>false</KreverVedtak>"
               % (oppf_head(h), cv("Refusjonshjemmel", h["code"], "7427", h["display"])))
    for g in h["grupper"]:
        out.append("<Refusjonsgruppe><Id>%s</Id>%s<KreverRefusjonskode>%s</KreverRefusjonskode>"
                   % (g["id"], cv("GruppeNr", g["nr"], "7451", g["dn"]), "true" if g["koder"] else "false"))
        for vilkar in g["vilkar"]:
            out.append("<RefVilkar>%s</RefVilkar>" % vilkar)
        for code, display, fra in g["koder"]:
            out.append("<Refusjonskode>%s<GyldigFraDato>%s</GyldigFraDato>" % (cv("Refusjonskode", code, "7434", display), fra))
            for vilkar in g["vilkar"][:1]:
                out.append("<Refusjonsvilkar><RefVilkar>%s</RefVilkar><FraDato>%s</FraDato></Refusjonsvilkar>" % (vilkar, fra))
            out.append("</Refusjonskode>")
        out.append("</Refusjonsgruppe>")
    out.append("</Refusjonshjemmel></OppfRefusjon>\n")


def write_vilkar(out, v):
    out.append("<OppfVilkar>%s<Vilkar><Id>%s</Id><VilkarNr>%s</VilkarNr>%s%s<Tekst>%s</Tekst><GyldigFraDato>%s</GyldigFraDato>"
               % (oppf_head(v), v["id"], v["nr"], cv("Gruppe", v["gruppe"][0], "7437", v["gruppe"][1]),
                  cs("GjelderFor", "1", "Forskriver"), esc(v["tekst"]), v["fra"]))
    if v["structured"]:
        out.append("<StrukturertVilkar>%s<VerdiTekst>1</VerdiTekst></StrukturertVilkar>" % cv("Type", "1", "7439", "Maks antall uttak"))
    out.append("</Vilkar></OppfVilkar>\n")


def write_kodeverk(out, model, ids):
    systems = {
        "7448": ("Legemiddelform", "Kortform", sorted({(f[0], f[1]) for f in FORMS})),
        "7480": ("Enhet for dosering", "EnhetDosering", sorted({(f[4], f[5]) for f in FORMS})),
        "7449": ("Pakningstype", "Pakningstype", sorted({(f[7], f[8]) for f in FORMS})),
        "7452": ("Enhet for pakning", "EnhetPakning", [("g", "gram"), ("ml", "milliliter"), ("stk", "stykk")]),
        "7453": ("Pristype for legemidler", "Pristype", [("2", "Refusjonspris"), ("3", "AIP"), ("4", "AUP"), ("5", "Trinnpris")]),
        "7445": ("Styrkeoperator", "Styrkeoperator", [("I", "Intervall"), ("L", "Lik"), ("M", "Mindre enn"), ("S", "Større enn")]),
        "7421": ("Reseptgruppe", "Reseptgruppe", [("A", "Reseptgruppe A"), ("B", "Reseptgruppe B"), ("C", "Reseptgruppe C"), ("CF", "Reseptgruppe CF"), ("F", "Reseptgruppe F")]),
        "7477": ("Administrasjonsvei", "Administrasjonsvei", [("25", "Kutan bruk"), ("3", "Intravenøs bruk"), ("53", "Oral bruk")]),
    }
    atc_codes = sorted({s["atc"]: s["navn"] for s in model.substances}.items())
    for number, (betegnelse, kortnavn, elements) in systems.items():
        entry = model.oppf()
        out.append("<OppfKodeverk>%s<Info><Id>%s%s</Id><Betegnelse>%s</Betegnelse><Kortnavn>%s</Kortnavn><AnsvarligUtgiver>Direktoratet for medisinske produkter</AnsvarligUtgiver></Info>"
                   % (oppf_head(entry), OID, number, esc(betegnelse), esc(kortnavn)))
        for code, term in elements:
            out.append("<Element><Id>%s</Id><Kode>%s</Kode><Term><Term>%s</Term></Term></Element>" % (ids.new(), esc(code), esc(term)))
        out.append("</OppfKodeverk>\n")
    entry = model.oppf()
    out.append("<OppfKodeverk>%s<Info><Id>%s7180</Id><Betegnelse>ATC</Betegnelse><Kortnavn>ATC</Kortnavn><AnsvarligUtgiver>WHO Collaborating Centre</AnsvarligUtgiver></Info>" % (oppf_head(entry), OID))
    parents = {}
    for code, name in atc_codes:
        for level in (1, 3, 4, 5):
            prefix = code[:level]
            if prefix in parents:
                continue
            element_id = ids.new()
            parent = parents.get(code[:{1: 0, 3: 1, 4: 3, 5: 4}[level]])
            parents[prefix] = element_id
            out.append("<Element><Id>%s</Id>%s<Kode>%s</Kode><Term><Term>ATC-gruppe %s</Term></Term></Element>"
                       % (element_id, "<ParentId>%s</ParentId>" % parent if parent else "", prefix, prefix))
        out.append("<Element><Id>%s</Id><ParentId>%s</ParentId><Kode>%s</Kode><Term><Term>%s</Term></Term></Element>"
                   % (ids.new(), parents[code[:5]], code, esc(name)))
    out.append("</OppfKodeverk>\n")


def write_byttegruppe(out, b):
    out.append("<OppfByttegruppe>%s<Byttegruppe><Id>%s</Id>%s<MerknadTilByttbarhet>%s</MerknadTilByttbarhet><GyldigFraDato>%s</GyldigFraDato></Byttegruppe></OppfByttegruppe>\n"
               % (oppf_head(b), b["id"], cs("Kode", b["kode"], b["dn"]), "true" if b["merknad"] else "false", b["fra"]))


def write_dose(out, d):
    p = d["pakning"]
    m = p["merkevare"]
    out.append('<OppfLegemiddeldose>%s<Legemiddeldose xmlns="%s">' % (oppf_head(d), FS_NS))
    type_legemiddel(out, m, with_admin=False)
    out.append('<Id>%s</Id><LmrLopenr>%s</LmrLopenr><Mengde V="1" U="stk"/>%s<RefLegemiddelMerkevare>%s</RefLegemiddelMerkevare><RefPakning>%s</RefPakning>%s'
               % (d["id"], d["lmr"], cv("Pakningstype", m["form"][7], "7449", m["form"][8]), m["id"], p["id"],
                  cv("EnhetOrdinering", m["form"][4], "7480", m["form"][5])))
    out.append("</Legemiddeldose></OppfLegemiddeldose>\n")


def write_interaksjon(out, i):
    out.append("<OppfInteraksjon>%s<Interaksjon><Id>%s</Id>%s<KliniskKonsekvens>%s</KliniskKonsekvens>"
               % (oppf_head(i), i["id"], cs("Relevans", *i["relevans"]), esc(i["konsekvens"])))
    if i["mekanisme"]:
        out.append("<Interaksjonsmekanisme>%s</Interaksjonsmekanisme>" % esc(i["mekanisme"]))
    out.append("%s<Handtering>%s</Handtering>%s" % (cs("Kildegrunnlag", *i["kilde"]), esc(i["handtering"]),
                                                    cv("Visningsregel", "1", "7442", "Vis alltid")))
    for side in i["sides"]:
        out.append("<Substansgruppe><Navn>%s</Navn>" % esc(side[0]["navn"]))
        for substance in side:
            out.append("<Substans><Substans>%s</Substans>%s<RefVirkestoff>%s</RefVirkestoff></Substans>"
                       % (esc(substance["navn"]), cv("Atc", substance["atc"], "7180", substance["navn"]), substance["id"]))
        out.append("</Substansgruppe>")
    out.append("</Interaksjon></OppfInteraksjon>\n")


def write_ikke_vurdert(out, i):
    out.append("<OppfInteraksjon>%s<InteraksjonIkkeVurdert>%s</InteraksjonIkkeVurdert></OppfInteraksjon>\n"
               % (oppf_head(i), cv("Atc", i["atc"], "7180", i["dn"])))


def write_expired(out, element, entry, tidspunkt):
    out.append("<%s><Id>%s</Id><Tidspunkt>%s</Tidspunkt>%s</%s>\n"
               % (element, entry["oppf_id"], tidspunkt, cs("Status", "U", "Utgått oppføring"), element))


def catalog(stream, name, items, writer):
    stream.write("<%s>\n" % name)
    chunk = []
    for item in items:
        writer(chunk, item)
        if len(chunk) > 20000:
            stream.write("".join(chunk))
            chunk.clear()
    stream.write("".join(chunk))
    stream.write("</%s>\n" % name)


def write_full(stream, model):
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<FEST xmlns="%s">\n<HentetDato>2025-11-14T03:11:43</HentetDato>\n' % M30_NS)
    catalog(stream, "KatLegemiddelMerkevare", model.merkevarer, write_merkevare)
    catalog(stream, "KatLegemiddelpakning", model.pakninger, write_pakning)
    stream.write("<KatVirkestoff>\n")
    for writer, items in ((write_virkestoff, model.substances), (write_virkestoff, model.salts), (write_styrke, model.strengths)):
        chunk = []
        for item in items:
            writer(chunk, item)
        stream.write("".join(chunk))
    stream.write("</KatVirkestoff>\n")
    catalog(stream, "KatLegemiddelVirkestoff", model.legemiddel_virkestoff, write_legemiddel_virkestoff)
    catalog(stream, "KatRefusjon", model.hjemler, write_refusjon)
    catalog(stream, "KatVilkar", model.vilkar, write_vilkar)
    stream.write("<KatKodeverk>\n")
    chunk = []
    write_kodeverk(chunk, model, model.ids)
    stream.write("".join(chunk))
    stream.write("</KatKodeverk>\n")
    catalog(stream, "KatByttegruppe", model.byttegrupper, write_byttegruppe)
    catalog(stream, "KatLegemiddeldose", model.doser, write_dose)
    stream.write("<KatInteraksjon>\n")
    chunk = []
    for item in model.interaksjoner:
        write_interaksjon(chunk, item)
    for item in model.ikke_vurdert:
        write_ikke_vurdert(chunk, item)
    stream.write("".join(chunk))
    stream.write("</KatInteraksjon>\n</FEST>\n")


def write_incremental(stream, model):
    """Expired, edited and new entries relative to the full file of the same model."""
    rng = random.Random(model.rng.random())
    when = "2025-11-28T03:10:02"
    pakninger = list(model.pakninger)
    rng.shuffle(pakninger)
    share = max(1, len(pakninger) // 50)
    expired, edited = pakninger[:share], pakninger[share:3 * share]
    expired_merkevarer = rng.sample(model.merkevarer, max(1, len(model.merkevarer) // 200))
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<FEST xmlns="%s">\n<HentetDato>%s</HentetDato>\n' % (M30_NS, when))
    out = []
    for m in expired_merkevarer:
        write_expired(out, "OppfLegemiddelMerkevare", m, when)
    stream.write("<KatLegemiddelMerkevare>\n%s</KatLegemiddelMerkevare>\n" % "".join(out))
    out = []
    for p in expired:
        write_expired(out, "OppfLegemiddelpakning", p, when)
    for p in edited:
        write_expired(out, "OppfLegemiddelpakning", p, when)
        write_pakning(out, dict(p, oppf_id=model.ids.new(), tidspunkt=when), price_factor=1.05)
    for _ in range(share):
        new = model._pakning(rng.choice(model.merkevarer))
        write_pakning(out, dict(new, tidspunkt=when))
    stream.write("<KatLegemiddelpakning>\n%s</KatLegemiddelpakning>\n" % "".join(out))
    out = []
    for i in rng.sample(model.interaksjoner, max(1, len(model.interaksjoner) // 100)):
        write_expired(out, "OppfInteraksjon", i, when)
    stream.write("<KatInteraksjon>\n%s</KatInteraksjon>\n</FEST>\n" % "".join(out))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=10500, help="number of Legemiddelpakning (default 10500)")
    parser.add_argument("--merkevarer", type=int, default=8000, help="number of LegemiddelMerkevare (default 8000)")
    parser.add_argument("--seed", type=int, default=251, help="random seed (default 251)")
    parser.add_argument("--out", required=True, help="output file ('-' for stdout)")
    parser.add_argument("--incremental", action="store_true",
                        help="write an incremental extract relative to the full file of the same seed and counts")
    args = parser.parse_args(argv)
    if args.packages < args.merkevarer:
        parser.error("--packages must be at least --merkevarer (every merkevare has a pakning)")
    model = Model(args.seed, args.packages, args.merkevarer)
    stream = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="\n")
    try:
        (write_incremental if args.incremental else write_full)(stream, model)
    finally:
        if stream is not sys.stdout:
            stream.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
