#!/usr/bin/env python3
"""Time underthesea's text_normalize, word_tokenize and ner on a sample file.

Usage: underthesea_bench.py SAMPLE TASK=BYTES [TASK=BYTES ...]
  e.g. underthesea_bench.py sample.txt text_normalize=2000000 word_tokenize=200000 ner=30000

Each task runs on the first BYTES bytes of SAMPLE (cut at a line end), one call
per non-empty line, because underthesea's functions take a sentence or a
paragraph, not a whole file. Import and model loading are excluded: every task
is warmed up on one short sentence first. Prints one tab-separated row per
task: tool, task, bytes, chars, wall seconds, CPU seconds (user + system,
all threads of this process).
"""
import sys
import time

TASKS = ("text_normalize", "word_tokenize", "ner")


def head_lines(text, limit):
    """The lines of text whose UTF-8 size adds up to at most `limit` bytes (at least one line)."""
    lines, used = [], 0
    for line in text.splitlines(keepends=True):
        size = len(line.encode("utf-8"))
        if lines and used + size > limit:
            break
        lines.append(line)
        used += size
    return lines


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as fh:
        text = fh.read()
    import underthesea

    functions = {
        "text_normalize": underthesea.text_normalize,
        "word_tokenize": underthesea.word_tokenize,
        "ner": underthesea.ner,
    }
    for spec in sys.argv[2:]:
        task, _, limit = spec.partition("=")
        if task not in functions:
            sys.exit("unknown task %r (known: %s)" % (task, ", ".join(TASKS)))
        function = functions[task]
        lines = head_lines(text, int(limit))
        nbytes = sum(len(line.encode("utf-8")) for line in lines)
        nchars = sum(len(line) for line in lines)
        calls = [line.strip() for line in lines if line.strip()]
        function("Ông Putin ca ngợi những thành tựu vĩ đại của Liên Xô.")  # load models outside the clock
        start, start_cpu = time.perf_counter(), time.process_time()
        for line in calls:
            function(line)
        seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        print("underthesea\t%s\t%d\t%d\t%.6f\t%.6f" % (task, nbytes, nchars, seconds, cpu), flush=True)


if __name__ == "__main__":
    main()
