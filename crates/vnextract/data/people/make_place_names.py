#!/usr/bin/env python3
"""Writes place-names.tsv: province and district names with their type, from the admin-unit
lists of /work/shared/data (see README.md). Run from this folder:
    python3 make_place_names.py /work/shared/data > place-names.tsv
"""
import csv
import sys

TYPES = {
    "tinh": "tỉnh",
    "thanh-pho-trung-uong": "thành phố",
    "thanh-pho": "thành phố",
    "quan": "quận",
    "huyen": "huyện",
    "thi-xa": "thị xã",
}


def main(folder):
    rows = set()
    for name in ("admin-units-2024.tsv", "admin-units-2025.tsv", "admin-units-superseded.tsv"):
        with open(f"{folder}/{name}", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["level"] in ("1", "2") and row["type"] in TYPES and not row["name"][0].isdigit():
                    rows.add((row["name"], TYPES[row["type"]], row["level"]))
    print("# generated, DO NOT EDIT: python3 make_place_names.py /work/shared/data > place-names.tsv")
    print("name\ttype\tlevel")
    for name, kind, level in sorted(rows):
        print(f"{name}\t{kind}\t{level}")


main(sys.argv[1])
