#!/usr/bin/env python3
"""report.py - turn the benchmark's raw VM log into one comparison table.

    tests/bench/report.py RAW_LOG [--json OUT.json] [--header TEXT]...

Reads the BENCH/BENCHFAIL/BENCHNOTE lines that tests/bench/guest-bench.sh
prints (anywhere in a line: the serial console may prefix them) and prints:
  - a table, rows = metrics, columns = default, topo, topo-strict and the
    ratios topo/default and strict/default (medians over rounds);
  - BPF run time per call of scx_topo's callbacks (kernel.bpf_stats_enabled);
  - the targets, each MET / MISSED / NO DATA (information only);
  - problems: failed or skipped runs, runs during which scx_topo went away,
    notes from the guest, with the workload's own output.
Exit status: 0 when a table could be made, 1 when the log has no BENCH line.
"""
import argparse
import json
import re
import statistics
import sys
from collections import defaultdict

SCHEDS = ["default", "topo", "topo-strict"]
CALLBACKS = ["topo_select_cpu", "topo_enqueue", "topo_dispatch", "topo_running", "topo_stopping"]
LEVELS = ["smt", "llc", "node", "xnode"]

LINE_RE = re.compile(r"\b(BENCH|BENCHFAIL|BENCHNOTE|BENCHEVENTS) (.*)$")
KV_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)=(\S*)")


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


class Log:
    def __init__(self, path):
        self.runs = defaultdict(list)       # (sched, wl, n) -> [kv dict per round]
        self.bpf = defaultdict(list)        # (round, sched) -> [(after, prog, rt, cnt)]
        self.totals = defaultdict(list)     # sched -> [kv]
        self.phase = defaultdict(list)      # sched -> [secs]
        self.problems = []                  # text lines
        self.guest = []                     # "bench: ..." lines
        self.nbench = 0
        with open(path, errors="replace") as f:
            lines = [l.rstrip("\r\n").replace("\r", "") for l in f]
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            if line.startswith("bench: "):
                self.guest.append(line)
                continue
            m = LINE_RE.search(line)
            if not m:
                continue
            kind, rest = m.group(1), m.group(2)
            if kind == "BENCHFAIL":
                out = []
                while i < len(lines) and lines[i].startswith("  |"):
                    out.append(lines[i])
                    i += 1
                keep = out if len(out) <= 60 else out[:20] + ["  | ... (%d lines, see the raw log)" % len(out)] + out[-30:]
                self.problems.append("FAILED RUN: " + rest)
                self.problems.extend("    " + o for o in keep)
                continue
            if kind == "BENCHNOTE":
                self.problems.append("NOTE: " + rest)
                continue
            if kind == "BENCHEVENTS":
                continue
            kv = dict(KV_RE.findall(rest))
            self.nbench += 1
            sched, wl = kv.get("sched"), kv.get("wl")
            if wl == "bpf":
                self.bpf[(kv.get("round"), sched)].append(
                    (kv.get("after"), kv.get("prog"), num(kv.get("run_time_ns")) or 0,
                     num(kv.get("run_cnt")) or 0))
            elif wl == "scx_totals":
                self.totals[sched].append(kv)
            elif wl == "phase":
                self.phase[sched].append(num(kv.get("secs")))
            else:
                self.runs[(sched, wl, kv.get("n"))].append(kv)
                if kv.get("skipped"):
                    self.problems.append("SKIPPED RUN: sched=%s wl=%s n=%s (scx_topo could not be restarted)"
                                         % (sched, wl, kv.get("n")))
                elif kv.get("lost"):
                    self.problems.append("scx_topo WENT AWAY during sched=%s wl=%s n=%s (its figures are not scx_topo's)"
                                         % (sched, wl, kv.get("n")))

    def ncpu(self):
        for runs in self.runs.values():
            for kv in runs:
                c = num(kv.get("cpus"))
                if c:
                    return int(c)
        return None

    def value(self, sched, wl, n, key):
        """Median over rounds of one RESULT key; (value, tainted)."""
        vals, tainted = [], False
        for kv in self.runs.get((sched, wl, str(n)), []):
            if kv.get("skipped") or kv.get("noresult"):
                tainted = True
                continue
            if kv.get("lost") or kv.get("rc") != "0":
                tainted = True
            v = num(kv.get(key))
            if v is not None:
                vals.append(v)
        if not vals:
            return None, tainted
        return statistics.median(vals), tainted

    def cross_llc(self, sched, wl, n):
        vals, tainted = [], False
        for kv in self.runs.get((sched, wl, str(n)), []):
            a, b = num(kv.get("migps_node")), num(kv.get("migps_xnode"))
            if kv.get("lost") or kv.get("rc") != "0":
                tainted = True
            if a is not None and b is not None:
                vals.append(a + b)
        return (statistics.median(vals) if vals else None), tainted

    def bpf_per_call(self, sched):
        """prog -> (ns per call, calls) over all workloads, medians over rounds;
        and after -> prog -> ns per call for each workload (summed over rounds)."""
        overall = defaultdict(list)
        per_wl = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
        order = []
        for (rnd, s), snaps in self.bpf.items():
            if s != sched:
                continue
            prev = {}
            tot = defaultdict(lambda: [0.0, 0.0])
            for after, prog, rt, cnt in snaps:
                prt, pcnt = prev.get(prog, (0.0, 0.0))
                if cnt < pcnt or rt < prt:      # scx_topo was restarted: counters reset
                    prt, pcnt = 0.0, 0.0
                d_rt, d_cnt = rt - prt, cnt - pcnt
                prev[prog] = (rt, cnt)
                tot[prog][0] += d_rt
                tot[prog][1] += d_cnt
                per_wl[after][prog][0] += d_rt
                per_wl[after][prog][1] += d_cnt
                if after not in order:
                    order.append(after)
            for prog, (rt, cnt) in tot.items():
                if cnt:
                    overall[prog].append((rt / cnt, cnt))
        res = {}
        for prog, lst in overall.items():
            res[prog] = (statistics.median(x[0] for x in lst), statistics.median(x[1] for x in lst))
        return res, per_wl, order


def fmt(v, tainted=False):
    if v is None:
        s = "n/a"
    elif v == int(v) and abs(v) < 1e15:
        s = "%d" % v
    elif abs(v) >= 1000:
        s = "%.0f" % v
    elif abs(v) >= 100:
        s = "%.1f" % v
    else:
        s = "%.2f" % v
    return s + ("!" if tainted and v is not None else "")


def ratio(a, b):
    """a / b as text and number."""
    if a is None or b is None:
        return "n/a", None
    if b == 0:
        return ("-", None) if a == 0 else ("inf", float("inf"))
    r = a / b
    return "%.2fx" % r, r


def build(log):
    n = log.ncpu()
    if not n:
        return None
    half, quarter = max(n // 2, 1), max(n // 4, 1)
    rows = []   # (label, {sched: (v, tainted)}) or ("--", title)

    def res_row(label, wl, nn, key):
        rows.append((label, {s: log.value(s, wl, nn, key) for s in SCHEDS}))

    rows.append(("--", "CPU-bound throughput (wl_throughput, work units/s; higher is better)"))
    for t in (half, n, 2 * n):
        res_row("throughput N=%d units/s" % t, "throughput", t, "units_per_sec")
    res_row("throughput N=%d fairness (min/max)" % (2 * n), "throughput", 2 * n, "fairness")
    res_row("throughput N=%d CPUs used" % n, "throughput", n, "_ncpus_used")

    rows.append(("--", "Pipe ping-pong (wl_pingpong, %d pairs of threads)" % quarter))
    res_row("pingpong round trips/s", "pingpong", quarter, "rtps")
    res_row("pingpong rtt p50 us", "pingpong", quarter, "lat_p50_us")
    res_row("pingpong rtt p99 us", "pingpong", quarter, "lat_p99_us")
    res_row("pingpong partners same LLC+", "pingpong", quarter, "_same_llc")

    rows.append(("--", "Wakeup latency (wl_wakelat, %d sleepers every 1 ms, %d hogs; lower is better)" % (half, half)))
    res_row("wakelat p50 us", "wakelat", half, "lat_p50_us")
    res_row("wakelat p99 us", "wakelat", half, "lat_p99_us")
    res_row("wakelat missed periods", "wakelat", half, "missed")
    res_row("wakelat hog CPU share (avg)", "wakelat", half, "hog_avg_share")

    rows.append(("--", "Mixed sleep/run load (wl_mixed, default mix)"))
    res_row("mixed forks/s", "mixed", n, "forks_per_sec")
    res_row("mixed burst wake p50 us", "mixed", n, "burst_wake_p50_us")
    res_row("mixed burst wake p99 us", "mixed", n, "burst_wake_p99_us")
    res_row("mixed hog CPU share (min)", "mixed", n, "hog_min_share")

    for t in (n, half):
        rows.append(("--", "Migrations per second by level (wl_spin N=%d, the threads' own samples)" % t))
        for lvl in LEVELS:
            res_row("spin N=%d migps %s" % (t, lvl), "spin", t, "migps_" + lvl)
        rows.append(("spin N=%d migps leaving LLC (node+xnode)" % t,
                     {s: log.cross_llc(s, "spin", t) for s in SCHEDS}))
        res_row("spin N=%d CPU share min" % t, "spin", t, "min_share")
        res_row("spin N=%d CPUs used" % t, "spin", t, "_ncpus_used")
    return rows, n, half, quarter


def cpulist_count(text):
    n = 0
    for part in (text or "").split(","):
        if "-" in part:
            a, b = part.split("-", 1)
            n += int(b) - int(a) + 1
        elif part.isdigit():
            n += 1
    return n


def add_pair_placement(log):
    """Derived keys: pingpong partners in one LLC, CPUs used by a run."""
    for runs in log.runs.values():
        for kv in runs:
            if "cpus_used" in kv:
                kv["_ncpus_used"] = str(cpulist_count(kv["cpus_used"]))
            if kv.get("wl") == "pingpong":
                v = [num(kv.get("pair_" + k)) for k in ("same", "smt", "llc")]
                if all(x is not None for x in v):
                    kv["_same_llc"] = str(sum(v))


def render(log, headers):
    add_pair_placement(log)
    built = build(log)
    out = []
    for h in headers:
        out.append(h)
    for g in log.guest[:1]:
        out.append(g[len("bench: "):])
    if built is None:
        out.append("no workload results in the log")
        return "\n".join(out) + "\n", {}
    rows, n, half, quarter = built
    w = 42
    head = "%-*s %11s %11s %11s %11s %11s" % (w, "metric", "default", "topo", "topo-strict", "topo/def", "strict/def")
    out.append("")
    out.append(head)
    out.append("-" * len(head))
    data = {}
    for label, cells in rows:
        if label == "--":
            out.append("[%s]" % cells)
            continue
        d, t, st = cells["default"], cells["topo"], cells["topo-strict"]
        r1, _ = ratio(t[0], d[0])
        r2, _ = ratio(st[0], d[0])
        out.append("%-*s %11s %11s %11s %11s %11s" % (w, label, fmt(*d), fmt(*t), fmt(*st), r1, r2))
        data[label] = {s: cells[s][0] for s in SCHEDS}

    # BPF run time per callback.
    out.append("[BPF run time per call of scx_topo's callbacks: run_time_ns/run_cnt, kernel.bpf_stats_enabled=1]")
    out.append("  (wall-clock ns in a TCG guest, including any time the host took the vCPU away: compare the")
    out.append("   callbacks with each other and across runs on one machine, not with real hardware)")
    per = {}
    for s in ("topo", "topo-strict"):
        per[s] = log.bpf_per_call(s)
    for cb in CALLBACKS:
        cells = []
        for s in ("topo", "topo-strict"):
            v = per[s][0].get(cb)
            cells.append(fmt(v[0]) if v else "n/a")
        calls = per["topo"][0].get(cb)
        out.append("%-*s %11s %11s %11s %11s %11s" % (w, "bpf %s ns/call" % cb, "-", cells[0], cells[1],
                                                     "", "%s calls" % ("%.0f" % calls[1] if calls else "?")))
        data["bpf %s ns/call" % cb] = {s: (per[s][0].get(cb) or (None,))[0] for s in ("topo", "topo-strict")}
    others = sorted(set(per["topo"][0]) - set(CALLBACKS))
    if others:
        out.append("  other callbacks (topo): " + ", ".join(
            "%s %s ns" % (p, fmt(per["topo"][0][p][0])) for p in others))
    # Per workload, topo only: where the callbacks cost most.
    _, per_wl, order = per["topo"]
    if order:
        out.append("  topo ns/call by workload: %s" % " ".join("%10s" % cb.replace("topo_", "") for cb in CALLBACKS))
        for after in order:
            cells = []
            for cb in CALLBACKS:
                rt, cnt = per_wl[after].get(cb, (0, 0))
                cells.append(fmt(rt / cnt) if cnt else "-")
            out.append("    %-21s %s" % (after, " ".join("%10s" % c for c in cells)))

    # Targets.
    out.append("")
    out.append("Targets (information only; medians over rounds):")

    def target(desc, ok, detail):
        verdict = "NO DATA" if ok is None else ("MET" if ok else "MISSED")
        out.append("  %-7s %s: %s" % (verdict, desc, detail))

    def cmp_target(desc, sched, label, limit, ge):
        v, d = data.get(label, {}).get(sched), data.get(label, {}).get("default")
        if v is None or d is None:
            return target(desc, None, "%s=%s default=%s" % (sched, fmt(v), fmt(d)))
        if d == 0:
            ok = (v == 0) if not ge else True
            detail = "%s=%s default=0" % (sched, fmt(v))
        else:
            r = v / d
            ok = r >= limit if ge else r <= limit
            detail = "%s=%s default=%s ratio %.2fx" % (sched, fmt(v), fmt(d), r)
        target(desc, ok, detail)

    def spin_targets(sched, tag):
        cmp_target("throughput N=%d >= 1.00x default%s" % (n, tag), sched,
                   "throughput N=%d units/s" % n, 1.0, True)
        for t in (n, half):
            cmp_target("wl_spin N=%d migrations leaving the LLC (node+xnode) <= 0.20x default%s" % (t, tag),
                       sched, "spin N=%d migps leaving LLC (node+xnode)" % t, 0.2, False)
        cmp_target("wakeup latency p99 (wl_wakelat) <= 1.00x default%s" % tag, sched, "wakelat p99 us", 1.0, False)

    spin_targets("topo", "")
    # Cross-node migrations under --numa-strict: every workload's own count.
    xn, seen = [], False
    for (s, wl, nn), runs in sorted(log.runs.items(), key=lambda x: str(x[0])):
        if s != "topo-strict":
            continue
        for kv in runs:
            c = num(kv.get("mig_xnode"))
            if c is None:
                continue
            seen = True
            if c:
                xn.append("%s N=%s: %d" % (wl, nn, c))
    target("cross-node migrations == 0 under --numa-strict (every workload's samples)",
           None if not seen else not xn, "none" if seen and not xn else ("; ".join(xn) if xn else "no data"))
    out.append("  (the same checks for topo-strict, for information:)")
    spin_targets("topo-strict", " [strict]")

    # Timing and scx_topo's own counters.
    out.append("")
    out.append("Phase times (s, guest clock): " + ", ".join(
        "%s %s" % (s, "/".join(fmt(x) for x in log.phase[s])) for s in SCHEDS if log.phase.get(s)))
    for s in ("topo", "topo-strict"):
        for kv in log.totals.get(s, []):
            keys = [k for k in kv if k not in ("round", "sched", "wl", "rc")]
            out.append("scx_topo totals (%s, round %s): %s" % (s, kv.get("round"), " ".join("%s=%s" % (k, kv[k]) for k in keys)))

    out.append("")
    if log.problems:
        out.append("Problems:")
        out.extend("  " + p for p in log.problems)
    else:
        out.append("Problems: none (every run exited 0 with a RESULT line; scx_topo stayed enabled)")
    out.append("Legend: '!' = a run behind this figure failed or lost scx_topo; n/a = no data.")
    return "\n".join(out) + "\n", data


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("log")
    ap.add_argument("--json")
    ap.add_argument("--header", action="append", default=[])
    a = ap.parse_args()
    log = Log(a.log)
    text, data = render(log, a.header)
    sys.stdout.write(text)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"metrics": data, "problems": log.problems,
                       "runs": {"|".join(map(str, k)): v for k, v in log.runs.items()}}, f, indent=1)
    return 0 if log.nbench else 1


if __name__ == "__main__":
    sys.exit(main())
