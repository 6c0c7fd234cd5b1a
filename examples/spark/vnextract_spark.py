#!/usr/bin/env python3
"""Run `vnextract extract` over JSON Lines on a Spark cluster with RDD.pipe.

Each partition of the input is streamed through one `vnextract` process in
JSON Lines mode; every input record gives exactly one output line (a
document, or an error record), in input order within each partition, and
the partitions keep the input's order in the output's part files.

    spark-submit --master yarn --files target/release/vnextract \\
        examples/spark/vnextract_spark.py --binary ./vnextract \\
        hdfs:///news/*.jsonl hdfs:///news-extracted

    # on one machine
    spark-submit --master 'local[*]' examples/spark/vnextract_spark.py \\
        --binary target/release/vnextract articles.jsonl /tmp/extracted

The binary is static enough to ship with `--files` (it reads no data files
at run time: every lexicon is embedded). Input lines must be UTF-8 JSON
objects with the id and text fields (see --id-field, --text-field).
"""

import argparse
import os
import shlex

from pyspark import SparkContext


def command_line(args):
    """The vnextract command run for each partition."""
    cmd = [
        args.binary,
        "extract",
        "--input",
        "jsonl",
        "--format",
        "jsonl",
        "--id-field",
        args.id_field,
        "--text-field",
        args.text_field,
        # Spark already runs one task per core: one thread per process.
        "--jobs",
        str(args.threads_per_task),
        "--quiet",
    ]
    if args.only:
        cmd += ["--only", args.only]
    if args.include_text:
        cmd.append("--include-text")
    cmd.append("-")
    return " ".join(shlex.quote(c) for c in cmd)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", help="JSON Lines input (file, folder or glob; any Hadoop file system)")
    parser.add_argument("output", help="output folder (part-NNNNN files of JSON Lines)")
    parser.add_argument("--binary", default="vnextract", help="path of the vnextract binary on the workers")
    parser.add_argument("--id-field", default="id")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--only", help="comma-separated categories, as for vnextract extract --only")
    parser.add_argument("--include-text", action="store_true")
    parser.add_argument("--partitions", type=int, help="minimum number of input partitions")
    parser.add_argument("--threads-per-task", type=int, default=1)
    args = parser.parse_args()

    sc = SparkContext(appName="vnextract")
    lines = sc.textFile(args.input, minPartitions=args.partitions) if args.partitions else sc.textFile(args.input)
    # RDD.pipe gives the process an empty environment unless told otherwise;
    # exit status 1 (some records failed) is expected: failures are already
    # error records in the output, so the exit code is not checked.
    env = {"PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"), "NO_COLOR": "1"}
    documents = lines.filter(lambda line: line.strip() != "").pipe(command_line(args), env=env, checkCode=False)
    documents.saveAsTextFile(args.output)
    sc.stop()


if __name__ == "__main__":
    main()
