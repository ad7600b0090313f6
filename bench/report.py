"""bin/foobar bench's report: runs.jsonl (one line per measured run) becomes a table on stderr, results.json,
results.md and chart.png (drawn by gnuplot) in the same directory. Per request: the replicas' and the databases' CPU time (clock
ticks of their processes over the run) and the statements both databases received (their Questions counters;
the stack's own heartbeats and scrapes are in there too, a few per second). bursts.jsonl, the overload runs, becomes
a second table; memory.jsonl, the replicas' resident memory after the runs and after the burst, a third."""
import json
import os
import statistics
import subprocess
import sys

directory, setup = sys.argv[1], sys.argv[2]
ticks = os.sysconf("SC_CLK_TCK")
# Each (size, page, mode) may have been measured in several passes: its figures pool them (all requests over all
# the CPU time), p50 and p99 are the passes' medians, and app_cpu_ms_range shows how far the passes lay apart.
passes = {}
with open(os.path.join(directory, "runs.jsonl")) as runs:
    for line in runs:
        run = json.loads(line)
        passes.setdefault((run["posts"], run["page"], run["mode"]), []).append(run)


def per_request(runs, counter, requests):
    return sum(r["after"][counter] - r["before"][counter] for r in runs) / max(requests, 1)


def app_ms(run):
    return round((run["after"]["app_ticks"] - run["before"]["app_ticks"]) * 1000 / ticks / max(run["wrk"]["requests"], 1), 3)


results = []
for (posts, page, mode), runs in passes.items():
    wrks = [r["wrk"] for r in runs]
    requests = sum(w["requests"] for w in wrks)
    results.append({
        "posts": posts, "page": page, "path": runs[0]["path"], "mode": mode, "passes": len(runs),
        "requests": requests, "req_per_s": round(requests / sum(w["seconds"] for w in wrks), 1),
        "p50_ms": round(statistics.median(w["p50_ms"] for w in wrks), 2),
        "p99_ms": round(statistics.median(w["p99_ms"] for w in wrks), 2),
        "app_cpu_ms": round(per_request(runs, "app_ticks", requests) * 1000 / ticks, 3),
        "app_cpu_ms_range": [min(map(app_ms, runs)), max(map(app_ms, runs))],
        "db_cpu_ms": round(per_request(runs, "db_ticks", requests) * 1000 / ticks, 3),
        "db_statements": round(per_request(runs, "questions", requests), 2),
        "failed": sum(w["errors"] + w["timeouts"] + w["non_2xx"] for w in wrks),
    })

header = f"{'posts':>9} {'page':<15} {'mode':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} " \
         f"{'app ms/req':>10} {'passes app ms':>15} {'db ms/req':>9} {'stmts/req':>9} {'failed':>6}"
print(f"bench: {setup}\n{header}", file=sys.stderr)
for r in results:
    print(f"{r['posts']:>9} {r['page']:<15} {r['mode']:<10} {r['req_per_s']:>9} {r['p50_ms']:>8} {r['p99_ms']:>8} "
          f"{r['app_cpu_ms']:>10} {'-'.join(map(str, r['app_cpu_ms_range'])):>15} {r['db_cpu_ms']:>9} {r['db_statements']:>9} {r['failed']:>6}", file=sys.stderr)
# The overload runs (bursts.jsonl): the bench's connections, then the burst, then the bench's again.
bursts = []
with open(os.path.join(directory, "bursts.jsonl")) as lines:
    for line in lines:
        run = json.loads(line)
        wrk, seconds = run["wrk"], run["wrk"]["seconds"]
        answered = max(wrk["requests"] + wrk["timeouts"], 1)
        bursts.append({
            "connections": run["connections"], "served_per_s": round(wrk["served"] / seconds, 1),
            "refused_per_s": round(wrk["refused"] / seconds, 1), "p50_ms": wrk["p50_ms"], "p99_ms": wrk["p99_ms"],
            **{f"{k}_share": round(100 * wrk[k] / answered, 2) for k in ("served", "refused", "bad_gateway", "timeouts")},
            "failed": wrk["bad_gateway"] + wrk["other"] + wrk["timeouts"] + wrk["errors"],
        })
print(f"\n{'connections':>11} {'served/s':>9} {'refused/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'served %':>8} "
      f"{'refused %':>9} {'502 %':>6} {'timeout %':>9}", file=sys.stderr)
for b in bursts:
    print(f"{b['connections']:>11} {b['served_per_s']:>9} {b['refused_per_s']:>9} {b['p50_ms']:>8} {b['p99_ms']:>8} "
          f"{b['served_share']:>8} {b['refused_share']:>9} {b['bad_gateway_share']:>6} {b['timeouts_share']:>9}",
          file=sys.stderr)
with open(os.path.join(directory, "memory.jsonl")) as lines:
    memory = [json.loads(line) for line in lines]
print(f"\n{'replicas resident after':<24} MB", file=sys.stderr)
for m in memory:
    print(f"{m['after']:<24} {' '.join(map(str, m['rss_mb']))}", file=sys.stderr)
with open(os.path.join(directory, "results.json"), "w") as out:
    json.dump({"setup": setup, "runs": results, "bursts": bursts, "memory": memory}, out, indent=2)
# The same table in Markdown, for README.md.
with open(os.path.join(directory, "results.md"), "w") as out:
    out.write("| posts | page | mode | req/s | p50 ms | p99 ms | app CPU ms/req | its passes | DB CPU ms/req | statements/req |\n")
    out.write("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
    for r in results:
        out.write(f"| {r['posts']:,} | {r['page']} | {r['mode']} | {r['req_per_s']:,.0f} | {r['p50_ms']} | {r['p99_ms']} | "
                  f"{r['app_cpu_ms']} | {' – '.join(map(str, r['app_cpu_ms_range']))} | {r['db_cpu_ms']} | {r['db_statements']} |\n")
    out.write("\n| connections | served/s | refused/s | p50 ms | p99 ms | served | refused (503) | 502 | timed out |\n")
    out.write("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
    for b in bursts:
        out.write(f"| {b['connections']} | {b['served_per_s']:,.0f} | {b['refused_per_s']:,.0f} | {b['p50_ms']} | "
                  f"{b['p99_ms']} | {b['served_share']} % | {b['refused_share']} % | {b['bad_gateway_share']} % | "
                  f"{b['timeouts_share']} % |\n")
    out.write("\n| replicas resident after | app-1 MB | app-2 MB | app-3 MB |\n| --- | ---: | ---: | ---: |\n")
    for m in memory:
        out.write(f"| {m['after']} | {' | '.join(map(str, m['rss_mb']))} |\n")

# The chart: req/s and app CPU per request for each page and mode, one bar per data set size.
sizes = sorted({r["posts"] for r in results})
keys = list(dict.fromkeys((r["page"], r["mode"]) for r in results))
with open(os.path.join(directory, "chart.dat"), "w") as data:
    for page, mode in keys:
        row = [f"{page}/{mode}"]
        for metric in ("req_per_s", "app_cpu_ms"):
            for size in sizes:
                match = [r[metric] for r in results if (r["page"], r["mode"], r["posts"]) == (page, mode, size)]
                row.append(str(match[0]) if match else "NaN")
        data.write(" ".join(row) + "\n")
columns = len(sizes)
plot_rps = ", ".join(f"'chart.dat' using {2 + i}:xtic(1) title '{s:,} posts'" for i, s in enumerate(sizes))
plot_cpu = ", ".join(f"'chart.dat' using {2 + columns + i}:xtic(1) title '{s:,} posts'" for i, s in enumerate(sizes))
script = f"""set terminal pngcairo size 1200,900 font ',10'
set output 'chart.png'
set multiplot layout 2,1 title 'bin/foobar bench ({setup})'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -30 scale 0
set grid ytics
set key top left
set logscale y
set ylabel 'requests/s (log)'
plot {plot_rps}
unset logscale y
set ylabel 'app CPU ms per request'
plot {plot_cpu}
unset multiplot
"""
subprocess.run(["gnuplot"], input=script, text=True, cwd=directory, check=True)
print(f"bench: results.json and chart.png in {directory}", file=sys.stderr)
# A refusal under the burst is the design; a 502, a timeout or any other failure is not.
failed = sum(r["failed"] for r in results) + sum(b["failed"] for b in bursts)
if failed:
    sys.exit(f"bench: {failed} requests failed: these figures are no figures")
