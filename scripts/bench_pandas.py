"""pandas.read_excel on the importer benchmark's file, for BENCHMARKS.md.

Run `cargo bench -p gatehouse-import --bench import` first (it writes the file), then, in a
virtualenv with `pip install pandas openpyxl python-calamine`:

    python scripts/bench_pandas.py target/bench/assignments-100k.xlsx
"""

import statistics
import sys
import time

import pandas as pd


def timed(engine, path, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        frame = pd.read_excel(path, engine=engine)
        times.append(time.perf_counter() - start)
    return statistics.median(times), frame.shape


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "target/bench/assignments-100k.xlsx"
    for engine, runs in (("calamine", 5), ("openpyxl", 3)):
        median, shape = timed(engine, path, runs)
        print(f"pandas.read_excel engine={engine}: median {median:.3f} s over {runs} runs, shape {shape}")


if __name__ == "__main__":
    main()
