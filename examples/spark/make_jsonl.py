#!/usr/bin/env python3
"""Turns text files into JSON Lines records {"id": file name, "text": content}.

    python3 examples/spark/make_jsonl.py /work/shared/corpus/articles/*.txt > articles.jsonl
"""

import json
import os
import sys

for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        record = {"id": os.path.basename(path), "text": f.read()}
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
