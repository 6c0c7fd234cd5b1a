#!/usr/bin/env python3
"""Run underthesea's named-entity tagger on articles and write vnextract-shaped predictions.

Usage: underthesea_ner.py GOLD_DIR TEXT_DIR PRED_DIR

For every GOLD_DIR/X.json, reads TEXT_DIR/basename(source), tags it with
underthesea.ner (the default CRF model shipped in the wheel; one call per
sentence from underthesea.sent_tokenize, per line of the text) and writes
PRED_DIR/X.json with
  people: one entry per distinct PER name, {name, honorific: null, mentions: [{start, end}]}
  places: one entry per LOC mention, {text, start, end, name: text, type: null}
Other entity types (ORG, MISC) are dropped. Offsets are character offsets
into the original text, as score.py reads it.

underthesea normalizes what it tags (Ð -> Đ, "hoà" -> "hòa", NFD -> NFC...),
so its tokens are not substrings of the original. Each token is found again
by searching its syllables, in order, in a folded copy of the text (tone
marks, other diacritics and case removed, đ -> d) that keeps a map back to
original offsets; a token not found close to the previous one is skipped.
"""
import json
import os
import sys
import unicodedata

# A token must start within this many folded characters of the end of the
# previous one (plus the length of tokens skipped since): tokens are consecutive.
MAX_GAP = 40


def fold(text):
    """Folded characters of `text` and, for each, the index of the original character."""
    chars, origin = [], []
    for i, c in enumerate(text):
        for d in unicodedata.normalize("NFD", c):
            if unicodedata.combining(d):
                continue
            d = d.casefold()
            if d in ("đ", "ð"):
                d = "d"
            for e in d:
                chars.append(e)
                origin.append(i)
    return "".join(chars), origin


def fold_plain(text):
    return fold(text)[0]


class Aligner:
    """Finds tokens of a normalized copy of `text`, in order, in `text` itself."""

    # Tokens found and not found, over every Aligner (reported, to show the mapping holds).
    found_tokens = 0
    missed_tokens = []

    def __init__(self, text):
        self.key, self.origin = fold(text)
        self.cursor = 0  # in folded characters
        self.slack = 0  # folded length of the tokens skipped since the last one found

    def find(self, token):
        """(start, end) character offsets of `token` in the original text, or None."""
        syllables = [fold_plain(s) for s in token.split()]
        syllables = [s for s in syllables if s]
        if not syllables:
            return None
        pos, first, last = self.cursor, None, None
        for n, syllable in enumerate(syllables):
            limit = pos + (MAX_GAP + self.slack if n == 0 else 3) + len(syllable)
            at = self.key.find(syllable, pos, limit)
            if at < 0:
                self.slack += sum(len(s) + 1 for s in syllables)
                Aligner.missed_tokens.append(token)
                return None
            if first is None:
                first = at
            last = at + len(syllable)
            pos = last
        self.cursor, self.slack = last, 0
        Aligner.found_tokens += 1
        return self.origin[first], self.origin[last - 1] + 1


def line_entities(line, ner, sent_tokenize):
    """(type, start, end) of every entity underthesea tags in one line, offsets in the line."""
    found = []
    aligner = Aligner(line)
    aligner.slack = len(line) - len(line.lstrip())
    for sentence in sent_tokenize(line.strip()):
        current = None  # [type, start, end] of the entity being read
        for token in ner(sentence):
            word, tag = token[0], token[-1]
            span = aligner.find(word)
            kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if kind and span and tag[:2] == "I-" and current and current[0] == kind:
                current[2] = span[1]
                continue
            if current:
                found.append(tuple(current))
                current = None
            if kind and span:
                current = [kind, span[0], span[1]]
        if current:
            found.append(tuple(current))
    return found


def entities(text, ner, sent_tokenize):
    """(type, start, end) of every entity underthesea tags in `text`, one line at a time."""
    found = []
    line_start = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            found += [(kind, line_start + s, line_start + e) for kind, s, e in line_entities(line, ner, sent_tokenize)]
        line_start += len(line)
    return found


def prediction(text, source, ner, sent_tokenize):
    people, places = {}, []
    for kind, start, end in entities(text, ner, sent_tokenize):
        surface = text[start:end]
        if kind == "PER":
            name = " ".join(surface.split())
            person = people.setdefault(
                unicodedata.normalize("NFC", name).casefold(),
                {"name": name, "honorific": None, "mentions": []},
            )
            person["mentions"].append({"start": start, "end": end})
        elif kind == "LOC":
            places.append({"text": surface, "start": start, "end": end, "name": " ".join(surface.split()),
                           "type": None, "province": None, "code": None})
    return {
        "schema": "vnextract/1",
        "source": source,
        "text_length": len(text),
        "figures": [],
        "people": list(people.values()),
        "titles": [],
        "places": places,
        "directives": [],
        "dates": [],
    }


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    gold_dir, text_dir, pred_dir = sys.argv[1:]
    from underthesea import ner, sent_tokenize

    os.makedirs(pred_dir, exist_ok=True)
    for name in sorted(f for f in os.listdir(gold_dir) if f.endswith(".json")):
        with open(os.path.join(gold_dir, name), encoding="utf-8") as fh:
            source = os.path.basename(json.load(fh)["source"])
        with open(os.path.join(text_dir, source), encoding="utf-8", newline="") as fh:
            text = fh.read()  # newline="" keeps offsets as score.py counts them
        doc = prediction(text, source, ner, sent_tokenize)
        with open(os.path.join(pred_dir, name), "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
        print("%s: %d people, %d places" % (name, len(doc["people"]), len(doc["places"])), file=sys.stderr)
    missed = Aligner.missed_tokens
    print("tokens mapped back to the text: %d; not found: %d%s" % (
        Aligner.found_tokens, len(missed), (" (e.g. %s)" % ", ".join(repr(t) for t in missed[:10])) if missed else ""),
        file=sys.stderr)


if __name__ == "__main__":
    main()
