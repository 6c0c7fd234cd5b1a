#!/usr/bin/env python3
"""Check every gold file in tests/gold against its text and the SCHEMA.md shape.

Usage: check.py [TEXT_DIR]   (TEXT_DIR defaults to /work/shared/corpus/articles)
Checks: text[start:end] == item.text for every item and person mention; numbers
are numbers; enumerated fields hold allowed values; items are in text order.
"""
import glob
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
texts = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus/articles"
QUALIFIERS = {"exact", "over", "under", "about", "nearly", "at_least", "at_most"}
DIMENSIONS = {"money", "percent", "area", "length", "mass", "volume", "energy", "power", "count", "number"}
PLACE_TYPES = {"quốc gia", "tỉnh", "thành phố", "quận", "huyện", "thị xã", "xã", "phường", "thị trấn",
               "thôn", "bản", "tổ dân phố", "khu phố", "ấp", "làng", "other"}
KINDS = {"date", "month", "year", "quarter", "period"}
bad = 0


def fail(msg):
    global bad
    bad += 1
    print(msg)


for path in sorted(glob.glob(os.path.join(here, "..", "*.json"))):
    doc = json.load(open(path, encoding="utf-8"))
    name = os.path.basename(path)
    text = open(os.path.join(texts, doc["source"]), encoding="utf-8", newline="").read()
    if doc["text_length"] != len(text):
        fail("%s: text_length" % name)
    for cat in ["figures", "titles", "places", "directives", "dates"]:
        prev = (-1, -1)
        for it in doc[cat]:
            if text[it["start"]:it["end"]] != it["text"]:
                fail("%s %s: offsets of %r" % (name, cat, it["text"]))
            if (it["start"], it["end"]) < prev:
                fail("%s %s: order at %r" % (name, cat, it["text"]))
            prev = (it["start"], it["end"])
            if cat == "figures":
                for f in ["value", "value_max", "target"]:
                    v = it[f]
                    if (v is None and f == "value") or (v is not None and not isinstance(v, (int, float))):
                        fail("%s: %s of %r is not a number" % (name, f, it["text"]))
                if it["qualifier"] not in QUALIFIERS or it["dimension"] not in DIMENSIONS:
                    fail("%s: qualifier/dimension of %r" % (name, it["text"]))
                if it["change"] not in (None, "increase", "decrease"):
                    fail("%s: change of %r" % (name, it["text"]))
            if cat == "places" and it["type"] not in PLACE_TYPES:
                fail("%s: place type of %r" % (name, it["text"]))
            if cat == "dates" and it["kind"] not in KINDS:
                fail("%s: date kind of %r" % (name, it["text"]))
            if cat == "directives" and not isinstance(it["addressees"], list):
                fail("%s: addressees of %r" % (name, it["text"]))
    names = {p["name"] for p in doc["people"]}
    for p in doc["people"]:
        for m in p["mentions"]:
            if not text[m["start"]:m["end"]]:
                fail("%s: empty mention of %r" % (name, p["name"]))
    for t in doc["titles"]:
        if t["person"] is not None and t["person"] not in names:
            fail("%s: title holder %r is not in people" % (name, t["person"]))
print("checked, %d problem(s)" % bad)
sys.exit(1 if bad else 0)
