#!/usr/bin/env python3
"""Expand a compact draft into the draft form that /work/shared/tools/annotate.py reads.

Usage: prep.py NNN.draft.json TEXT_FILE ADMIN_UNITS_TSV > expanded.json
       then: annotate.py expanded.json TEXT_FILE > ../NNN.json
(`regen.sh` runs both steps for every draft.)

What it adds on top of annotate.py:
  - Item texts may be typed in NFC with modern tone placement even when the article
    is written in NFD or with old-style tone marks (`hoà`, `Ð`): every item is
    located in a tone-placement-insensitive key space (`nth`/`after`/successive
    occurrences as in annotate.py) and its `text` is replaced by the exact
    original characters, with `start`/`end` set.
  - Defaults: figures get value_max/target/change/metric null and qualifier
    `exact`, dimension derived from the unit; titles get null fields; places get
    the draft's top-level `province`; directives inherit the draft's top-level
    `directive_defaults` (issuer, modality, addressees, deadline).
  - Places get `code` from the admin-units table (by name, type and province;
    for a unit the 2024 table no longer has, from admin-units-superseded.tsv),
    unless the draft gives `code` (a string, or null to leave it unlinked). An
    optional `district` key disambiguates a commune name that occurs twice in one
    province; it is not written out.
  - People get `mentions` at every key-space occurrence of the name.
"""
import csv
import json
import sys
import unicodedata

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def build_key(text):
    """Return (key, owner): key is the text with each syllable's tone mark moved to
    the syllable's end, NFD, Ð/NBSP folded; owner[i] is the original char index."""
    chars, owner = [], []
    for i, ch in enumerate(text):
        if ch == "\u00d0":
            ch = "\u0110"
        if ch == "\u00a0":
            ch = " "
        for d in unicodedata.normalize("NFD", ch):
            chars.append(d)
            owner.append(i)
    key, kown = [], []
    syl, sown, tone = [], [], None
    def flush():
        nonlocal syl, sown, tone
        key.extend(syl)
        kown.extend(sown)
        if tone is not None:
            key.append(tone[0])
            kown.append(tone[1])
        syl, sown, tone = [], [], None
    for d, o in zip(chars, owner):
        if d in TONES:
            tone = (d, o)
        elif d.isalpha() or unicodedata.combining(d):
            syl.append(d)
            sown.append(o)
        else:
            flush()
            key.append(d)
            kown.append(o)
    flush()
    return "".join(key), kown


def key_of(s):
    return build_key(s)[0]


def find_all(hay, needle):
    out, i = [], hay.find(needle)
    while i >= 0:
        out.append(i)
        i = hay.find(needle, i + 1)
    return out


class Locator:
    def __init__(self, text):
        self.text = text
        self.key, self.owner = build_key(text)
        self.cursors = {}

    def span(self, kstart, klen):
        idx = self.owner[kstart:kstart + klen]
        return min(idx), max(idx) + 1

    def hits(self, s):
        k = key_of(s)
        # A hit must not stop before the tone or diacritic of its last syllable
        # ("Anh" is not a hit inside "Ánh", whose key is "Anh" + acute).
        ok = [h for h in find_all(self.key, k)
              if h + len(k) >= len(self.key) or not unicodedata.combining(self.key[h + len(k)])]
        return [self.span(h, len(k)) for h in ok]

    def locate(self, item, cat):
        s = item["text"]
        hits = self.hits(s)
        if not hits:
            raise SystemExit("not found in %s: %r" % (cat, s))
        if "after" in item:
            anchor = self.hits(item["after"])
            if not anchor:
                raise SystemExit("anchor not found: %r" % item["after"])
            hits = [h for h in hits if h[0] >= anchor[0][0]]
            if not hits:
                raise SystemExit("%r not found after %r" % (s, item["after"]))
            return hits[0]
        if "nth" in item:
            if item["nth"] >= len(hits):
                raise SystemExit("%r occurs %d times, nth=%d" % (s, len(hits), item["nth"]))
            return hits[item["nth"]]
        k = self.cursors.get((cat, key_of(s)), 0)
        if k >= len(hits):
            raise SystemExit("%r listed more often (%d) than it occurs (%d)" % (s, k + 1, len(hits)))
        self.cursors[(cat, key_of(s))] = k + 1
        return hits[k]


DIMENSIONS = {
    "VND": "money", "USD": "money", "EUR": "money", "CNY": "money", "JPY": "money",
    "%": "percent", "ha": "area", "m2": "area", "km2": "area", "sào": "area", "mẫu": "area",
    "m": "length", "km": "length", "cm": "length", "kg": "mass", "t": "mass", "tạ": "mass",
    "yến": "mass", "m3": "volume", "l": "volume", "kWh": "energy", "MW": "power", "kW": "power",
}

PLACE_TYPES = {
    "tỉnh": {"tinh", "thanh-pho-trung-uong"}, "thành phố": {"thanh-pho-trung-uong", "thanh-pho"},
    "quận": {"quan"}, "huyện": {"huyen"}, "thị xã": {"thi-xa"}, "xã": {"xa"},
    "phường": {"phuong"}, "thị trấn": {"thi-tran"},
}


def fold(s):
    """Compare unit names ignoring spaces, dashes, case and tone placement (`Hoá` = `Hóa`)."""
    return key_of("".join(s.replace("-", " ").replace("–", " ").split()).casefold())


def load_rows(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


class Gazetteer:
    """The 2024 units, then the superseded ones (older names and abolished units,
    for news before 2025) when the 2024 table has no match."""

    def __init__(self, units_path):
        self.current = load_rows(units_path)
        self.by_code = {r["code"]: r for r in self.current}
        superseded_path = units_path.replace("admin-units-2024.tsv", "admin-units-superseded.tsv")
        self.superseded = load_rows(superseded_path)
        self.old_by_code = {r["code"]: r for r in self.superseded}

    def province_code(self, row):
        while row["parent_code"]:
            code = row["parent_code"]
            row = self.by_code.get(code) or self.old_by_code[code]
        return row["code"]

    def link(self, place):
        types = PLACE_TYPES.get(place["type"])
        if not types or not place.get("province"):
            return None
        provinces = {r["code"] for r in self.current + self.superseded
                     if r["level"] == "1" and fold(r["name"]) == fold(place["province"])}
        for rows in (self.current, self.superseded):
            cands = [r for r in rows if r["type"] in types and fold(r["name"]) == fold(place["name"])
                     and self.province_code(r) in provinces]
            if place.get("district"):
                cands = [r for r in cands if r["parent_code"] and fold(
                    (self.by_code.get(r["parent_code"]) or self.old_by_code[r["parent_code"]])["name"])
                    == fold(place["district"])]
            if len(cands) == 1:
                return cands[0]["code"]
            if cands:
                break
        sys.stderr.write("place %r %s in %s: %d candidates, code null\n"
                         % (place["name"], place["type"], place["province"], len(cands)))
        return None


def main():
    draft_path, text_path, units_path = sys.argv[1:4]
    with open(draft_path, encoding="utf-8") as fh:
        draft = json.load(fh)
    with open(text_path, encoding="utf-8", newline="") as fh:
        text = fh.read()
    gazetteer = Gazetteer(units_path)
    loc = Locator(text)
    out = {"source": draft["source"]}
    for cat in ["figures", "titles", "places", "directives", "dates"]:
        items = []
        for it in draft.get(cat, []):
            it = dict(it)
            if cat == "figures":
                for f in ["value_max", "target", "change", "metric"]:
                    it.setdefault(f, None)
                it.setdefault("qualifier", "exact")
                it.setdefault("unit", None)
                if "dimension" not in it:
                    u = it["unit"]
                    it["dimension"] = ("number" if u is None else
                                       DIMENSIONS.get(u.split("/")[0], "count"))
            elif cat == "titles":
                for f in ["organization", "jurisdiction", "person"]:
                    it.setdefault(f, None)
            elif cat == "places":
                it.setdefault("province", draft.get("province"))
                if "code" not in it:
                    it["code"] = gazetteer.link(it)
                it.pop("district", None)
            elif cat == "directives":
                for f, v in draft.get("directive_defaults", {}).items():
                    it.setdefault(f, v)
                for f in ["issuer", "modality", "deadline"]:
                    it.setdefault(f, None)
                it.setdefault("addressees", [])
            start, end = loc.locate(it, cat)
            it.pop("nth", None)
            it.pop("after", None)
            it["text"], it["start"], it["end"] = text[start:end], start, end
            items.append(it)
        out[cat] = items
    people = []
    for p in draft.get("people", []):
        p = dict(p)
        p["name"] = unicodedata.normalize("NFC", p["name"])
        p.setdefault("honorific", None)
        if "mentions" not in p:
            p["mentions"] = [{"start": a, "end": b} for a, b in loc.hits(p["name"])]
            if not p["mentions"]:
                raise SystemExit("person not found: %r" % p["name"])
        people.append(p)
    out["people"] = people
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
