#!/usr/bin/env python3
"""Writes tcvn3.tsv and viscii.tsv from glibc's charmaps.

Run from the repository root:
    python3 crates/vnextract/data/encodings/gen_from_glibc.py

Inputs: /usr/share/i18n/charmaps/TCVN5712-1.gz and VISCII.gz (Debian package
`locales`, glibc localedata). Only the positions that differ from ASCII are
written; for TCVN3 only the upper half 0xA0-0xFF is kept (see README.md).
"""
import gzip
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CHARMAPS = "/usr/share/i18n/charmaps"
LINE = re.compile(r"^<U([0-9A-F]{4,6})>\s+((?:/x[0-9a-f]{2})+)\s+(.*)$")


def read_charmap(name):
    rows = []
    with gzip.open(os.path.join(CHARMAPS, name + ".gz"), "rt", encoding="ascii", errors="replace") as f:
        for line in f:
            m = LINE.match(line.strip())
            if not m:
                continue
            code = int(m.group(1), 16)
            seq = bytes(int(x, 16) for x in m.group(2).split("/x")[1:])
            rows.append((seq, code, m.group(3).strip()))
    return rows


def write(path, source, rows):
    with open(os.path.join(HERE, path), "w", encoding="utf-8") as out:
        out.write("# generated, DO NOT EDIT: python3 crates/vnextract/data/encodings/gen_from_glibc.py\n")
        out.write(f"# source: glibc localedata charmap {source} (/usr/share/i18n/charmaps/{source}.gz)\n")
        out.write("# bytes (hex)\tUnicode scalar values\tcharacter name\n")
        for seq, code, name in rows:
            out.write(f"{seq.hex(' ').upper()}\tU+{code:04X}\t{name}\n")


def main():
    viscii = [(s, c, n) for s, c, n in read_charmap("VISCII") if len(s) == 1 and (s[0] >= 0x80 or s[0] != c)]
    assert len(viscii) == 134, len(viscii)
    write("viscii.tsv", "VISCII", viscii)
    tcvn = [(s, c, n) for s, c, n in read_charmap("TCVN5712-1") if len(s) == 1 and s[0] >= 0xA0]
    assert len(tcvn) == 96, len(tcvn)
    write("tcvn3.tsv", "TCVN5712-1", tcvn)


if __name__ == "__main__":
    main()
