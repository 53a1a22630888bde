#!/usr/bin/env python3
"""report.py - turn the benchmark's raw VM log into one comparison table.

    tests/bench/report.py RAW_LOG [--json OUT.json] [--header TEXT]... [--scheds "A B ..."]

Reads the BENCH/BENCHFAIL/BENCHNOTE lines that tests/bench/guest-bench.sh
prints (anywhere in a line: the serial console may prefix them) and prints:
  - a table, rows = metrics, columns = schedulers (default first, then
    topo, topo-strict and any peers; medians over rounds), and the same
    rows as ratios to the default scheduler of the same boot;
  - the NUMA rows (wl_numa) with the default scheduler at numa_balancing 0 and 1;
  - BPF run time per call of each sched_ext scheduler's callbacks
    (kernel.bpf_stats_enabled), with ratios to scx_simple's;
  - the targets of issues 10 and 11, each MET / MISSED / NO DATA (information only);
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

SCHEDS = ["default", "default-nb1", "topo", "topo-strict"]
CALLBACKS = ["select_cpu", "enqueue", "dispatch", "running", "stopping"]
HACKBENCH = ["pipe-procs", "pipe-threads", "socket-procs", "socket-threads"]
LEVELS = ["smt", "llc", "node", "xnode"]

LINE_RE = re.compile(r"\b(BENCH|BENCHFAIL|BENCHNOTE|BENCHEVENTS) (.*)$")
KV_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)=(\S*)")


def callback_of(prog):
    """ "topo_select_cpu", "bpfland_select_cpu" (or truncated "bpfland_select_") -> "select_cpu"."""
    tail = prog.split("_", 1)[1] if "_" in prog else prog
    for cb in CALLBACKS:
        if tail == cb or (len(tail) >= 6 and cb.startswith(tail)):
            return cb
    return tail


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
                    self.problems.append("SKIPPED RUN: sched=%s wl=%s n=%s (the scheduler could not be restarted)"
                                         % (sched, wl, kv.get("n")))
                elif kv.get("lost"):
                    self.problems.append("the scheduler WENT AWAY during sched=%s wl=%s n=%s (its figures are not that scheduler's)"
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

    def all_values(self, sched, wl, key):
        """Every value of one key over all n and rounds of a workload; (values, tainted)."""
        vals, tainted = [], False
        for (s, w, _), runs in self.runs.items():
            if s != sched or w != wl:
                continue
            for kv in runs:
                if kv.get("lost") or kv.get("rc") != "0":
                    tainted = True
                v = num(kv.get(key))
                if v is not None:
                    vals.append(v)
        return vals, tainted

    def scheds(self):
        """Schedulers in the order they ran."""
        seen = []
        for (s, _, _) in self.runs:
            if s not in seen:
                seen.append(s)
        return seen

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
                prog = callback_of(prog)
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
    elif abs(v) >= 1:
        s = "%.2f" % v
    else:
        s = "%.3f" % v
    return s + ("!" if tainted and v is not None else "")


def ratio(a, b):
    """a / b as text and number."""
    if a is None or b is None:
        return "n/a", None
    if b == 0:
        return ("-", None) if a == 0 else ("inf", float("inf"))
    r = a / b
    return "%.2fx" % r, r


def cpulist_count(text):
    n = 0
    for part in (text or "").split(","):
        if "-" in part:
            a, b = part.split("-", 1)
            n += int(b) - int(a) + 1
        elif part.isdigit():
            n += 1
    return n


def add_derived(log):
    """Derived keys: pingpong partners in one LLC, CPUs used, LLC-leaving migrations,
    the share of a spinner round's CPU time in which a spinner waited while a CPU idled,
    and in which CPUs idled."""
    for runs in log.runs.values():
        for kv in runs:
            if "cpus_used" in kv:
                kv["_ncpus_used"] = str(cpulist_count(kv["cpus_used"]))
            w, steady, cpus = (num(kv.get(k)) for k in ("wait_while_idle_ms", "steady_ms", "cpus"))
            if w is not None and steady and cpus:
                kv["_wait_idle_share"] = str(w / (steady * cpus))
            # Idle over wall time (clock-based), as the tests measure it; per-CPU
            # jiffy shares from logs that predate cpu_idle_ms.
            idle = num(kv.get("cpu_idle_ms"))
            if idle is not None and steady and cpus:
                kv["_idle_share"] = str(idle / (steady * cpus))
            elif "idle_cpu_mean" in kv:
                kv["_idle_share"] = kv["idle_cpu_mean"]
            a, b = num(kv.get("migps_node")), num(kv.get("migps_xnode"))
            if a is not None and b is not None:
                kv["_migps_llc_leave"] = str(a + b)
            if kv.get("wl") == "pingpong":
                v = [num(kv.get("pair_" + k)) for k in ("same", "smt", "llc")]
                if all(x is not None for x in v):
                    kv["_same_llc"] = str(sum(v))


# Rows whose values are shares, counts or CPU numbers: a ratio to the default says little.
NO_RATIO = re.compile(r"share|split|CPUs used|CPUs per round|stacked|idle|LLC\+|processes")
SHORT = {"default-nb1": "def-nb1"}


class Table:
    """Rows of (label, {sched: (value, tainted)}) and section titles."""

    def __init__(self):
        self.rows = []

    def section(self, title):
        self.rows.append(("--", title))

    def add(self, label, cells):
        self.rows.append((label, cells))

    def render(self, cols, out, ratios=False, base="default", width=38):
        names = [SHORT.get(c, c)[:11] for c in cols]
        head = "%-*s" % (width, "metric") + "".join(" %11s" % n for n in names)
        out.append(head)
        out.append("-" * len(head))
        for label, cells in self.rows:
            if label == "--":
                out.append("[%s]" % cells)
                continue
            if ratios and NO_RATIO.search(label):
                continue
            if ratios:
                b = cells.get(base, (None, False))[0]
                txt = ["-" if c == base else ratio(cells.get(c, (None, False))[0], b)[0] for c in cols]
            else:
                txt = [fmt(*cells.get(c, (None, False))) for c in cols]
            out.append("%-*s" % (width, label) + "".join(" %11s" % t for t in txt))


def worst(log, sched, wl, key, pick):
    vals, tainted = log.all_values(sched, wl, key)
    return (pick(vals) if vals else None), tainted


def on(wl, n, pairs):
    """Rows (label, wl, n, key) of one workload run."""
    return [(label, wl, n, key) for label, key in pairs]


def sections(n, half, quarter, hb_groups):
    """(title, rows) of the main table; workload sizes as guest-bench.sh runs them."""
    sec = [("CPU-bound throughput (wl_throughput, work units/s; higher is better)",
            [("throughput N=%d units/s" % k, "throughput", k, "units_per_sec") for k in (half, n, 2 * n)]
            + [("throughput N=%d fairness (min/max)" % (2 * n), "throughput", 2 * n, "fairness"),
               ("throughput N=%d CPUs used" % n, "throughput", n, "_ncpus_used")]),
           ("Pipe ping-pong (wl_pingpong, %d pairs of threads)" % quarter,
            on("pingpong", quarter, [("pingpong round trips/s", "rtps"), ("pingpong rtt p99 us", "lat_p99_us"),
                                     ("pingpong partners same LLC+", "_same_llc")])),
           ("Futex ping-pong (wl_futex, %d pairs of threads; no sync flag)" % half,
            on("futex", half, [("futex wake share in waker's LLC", "waker_llc_share"),
                               ("futex wake share in waker's node", "waker_node_share"),
                               ("futex wake share on other node", "other_node_share"),
                               ("futex round trips/s", "rtps"),
                               ("futex wakeup latency p99 us", "wake_lat_p99_us"),
                               ("futex pairs split over nodes", "split_pairs")])),
           ("Wake fan-out (wl_fanout, 1 dispatcher -> %d workers)" % half,
            on("fanout", half, [("fanout worker CPUs used", "worker_cpus_used"),
                                ("fanout CPUs per round (avg)", "round_cpus_avg"),
                                ("fanout rounds/s", "rounds_per_sec"), ("fanout round p99 us", "round_p99_us"),
                                ("fanout wake share in dispatcher's LLC", "waker_llc_share")])),
           ("hackbench (rt-tests, %s groups; seconds, lower is better)" % hb_groups,
            [("hackbench %s s" % hb, "hackbench-" + hb, hb_groups, "time_s") for hb in HACKBENCH]),
           ("Wakeup latency (wl_wakelat, %d sleepers every 1 ms, %d hogs; lower is better)" % (half, half),
            on("wakelat", half, [("wakelat p50 us", "lat_p50_us"), ("wakelat p99 us", "lat_p99_us"),
                                 ("wakelat hog CPU share (avg)", "hog_avg_share")])),
           ("Mixed sleep/run load (wl_mixed, default mix)",
            on("mixed", n, [("mixed hog work units/s", "hog_work_per_sec"), ("mixed forks/s", "forks_per_sec"),
                            ("mixed burst wake p99 us", "burst_wake_p99_us")]))]
    for k in (n, half):
        sec.append(("Migrations per second by level (wl_spin N=%d, the threads' own samples)" % k,
                    on("spin", k, [("spin N=%d migps %s" % (k, lvl), "migps_" + lvl) for lvl in LEVELS]
                       + [("spin N=%d migps leaving LLC" % k, "_migps_llc_leave"),
                          ("spin N=%d CPU share min" % k, "min_share")])))
    return sec


SPIN_ROUND_ROWS = [("rounds: stacked windows (max)", "overlap_shared", max),
                   ("rounds: waited while a CPU idled (max)", "_wait_idle_share", max),
                   ("rounds: idle share (max)", "_idle_share", max),
                   ("rounds: CPUs used (min)", "_ncpus_used", min),
                   ("rounds: LLC-leaving migps (max)", "_migps_llc_leave", max),
                   ("rounds: CPU share min (min)", "min_share", min)]


def main_rows(log, scheds, n, half, quarter):
    t = Table()
    hb_groups = next((k[2] for k in log.runs if k[1].startswith("hackbench-")), None)
    for title, rows in sections(n, half, quarter, hb_groups):
        if not any(k[1] == wl for k in log.runs for _, wl, _, _ in rows):
            continue
        t.section(title)
        for label, wl, k, key in rows:
            t.add(label, {s: log.value(s, wl, k, key) for s in scheds})
    t.section("Spinner rounds (wl_spin N=%d, a fresh scheduler start each; worst round)" % n)
    for label, key, pick in SPIN_ROUND_ROWS:
        t.add(label, {s: worst(log, s, "spinround", key, pick) for s in scheds})
    return t


def numa_rows(log, scheds):
    t = Table()
    shapes = sorted({k[2] for k in log.runs if k[1] == "numa"}, key=str)
    for shape in shapes:
        t.section("wl_numa %s processes x threads, a shared buffer each" % shape)
        for label, key in (("local-access share (mean)", "local_share"),
                           ("local-access share (min)", "local_share_min"),
                           ("time on main node (min)", "main_node_share_min"),
                           ("processes split over nodes", "split_procs")):
            t.add("numa %s %s" % (shape, label), {s: log.value(s, "numa", shape, key) for s in scheds})
    for hogs in sorted({k[2] for k in log.runs if k[1] == "hogs"}, key=str):
        t.section("Node imbalance: %s hogs, 4 s later those on node 1 killed (mean idle share of CPUs)" % hogs)
        for label, key in (("idle share 0-2 s after kill", "idle_0_2"),
                           ("idle share 2-4 s after kill", "idle_2_4"),
                           ("idle share 4-6 s after kill", "idle_4_6"),
                           ("s to settle (idle <= 2%; -1 never)", "settle_s")):
            t.add("hogs %s" % label, {s: log.value(s, "hogs", hogs, key) for s in scheds})
    return t, shapes


def bpf_rows(log, scheds):
    """ns per call by callback and scheduler; the per-scheduler call counts."""
    per = {s: log.bpf_per_call(s)[0] for s in scheds}
    t = Table()
    for cb in CALLBACKS:
        t.add("bpf %s ns/call" % cb, {s: ((per[s].get(cb) or (None,))[0], False) for s in scheds})
    return t, per


def render(log, headers, order):
    add_derived(log)
    out = list(headers)
    for g in log.guest[:1]:
        out.append(g[len("bench: "):])
    n = log.ncpu()
    if not n:
        out.append("no workload results in the log")
        return "\n".join(out) + "\n", {}
    half, quarter = max(n // 2, 1), max(n // 4, 1)
    ran = log.scheds()
    # every scheduler asked for gets a column, also one that never ran (n/a: see Problems)
    scheds = list(order or []) + [s for s in ran if s not in (order or [])]
    cols = [s for s in scheds if s != "default-nb1"]
    base_first = ["default"] + [c for c in cols if c != "default"] if "default" in cols else cols

    main = main_rows(log, base_first, n, half, quarter)
    out.append("")
    main.render(base_first, out)
    out.append("")
    out.append("Ratios to the default scheduler (shares and counts: see the values above)")
    main.render(base_first, out, ratios=True)

    numa, shapes = numa_rows(log, scheds)
    numa_cols = [c for c in ["default", "default-nb1"] if c in scheds] + [c for c in base_first if c != "default"]
    if shapes:
        out.append("")
        out.append("NUMA (default = numa_balancing 0, default-nb1 = numa_balancing 1)")
        numa.render(numa_cols, out)

    scx = [c for c in base_first if c not in ("default", "default-nb1")]
    bpf, per = bpf_rows(log, scx)
    out.append("")
    out.append("BPF run time per call (run_time_ns/run_cnt, kernel.bpf_stats_enabled=1; wall-clock ns in a")
    out.append("TCG guest: compare schedulers of this boot with each other, not with real hardware)")
    bpf.render(scx, out)
    if "simple" in scx:
        out.append("Ratios to scx_simple")
        bpf.render(scx, out, ratios=True, base="simple")
    calls = per.get("topo", {})
    if calls:
        out.append("  topo calls: " + ", ".join("%s %.0f" % (cb, calls[cb][1]) for cb in CALLBACKS if cb in calls))

    data = {}
    for table in (main, numa, bpf):
        for label, cells in table.rows:
            if label != "--":
                data[label] = {s: v[0] for s, v in cells.items()}
    targets(log, data, out, n, half, scx)

    out.append("")
    out.append("Phase times (s, guest clock): " + ", ".join(
        "%s %s" % (s, "/".join(fmt(x) for x in log.phase[s])) for s in scheds if log.phase.get(s)))
    for s in ("topo", "topo-strict"):
        for kv in log.totals.get(s, []):
            keys = [k for k in kv if k not in ("round", "sched", "wl", "rc")]
            out.append("scx_topo totals (%s, round %s): %s" % (s, kv.get("round"), " ".join("%s=%s" % (k, kv[k]) for k in keys)))
    out.append("")
    if log.problems:
        out.append("Problems:")
        out.extend("  " + p for p in log.problems)
    else:
        out.append("Problems: none (every run exited 0 with a RESULT line; every scheduler stayed enabled)")
    out.append("Legend: '!' = a run behind this figure failed or lost its scheduler; n/a = no data.")
    return "\n".join(out) + "\n", data


def targets(log, data, out, n, half, scx):
    out.append("")
    out.append("Targets (information only; medians over rounds):")

    def verdict(desc, ok, detail):
        v = "NO DATA" if ok is None else ("MET" if ok else "MISSED")
        out.append("  %-7s %s: %s" % (v, desc, detail))

    def get(label, sched):
        return data.get(label, {}).get(sched)

    def vs_default(desc, sched, label, limit, ge):
        v, d = get(label, sched), get(label, "default")
        if v is None or d is None:
            return verdict(desc, None, "%s=%s default=%s" % (sched, fmt(v), fmt(d)))
        if d == 0:
            return verdict(desc, v == 0 or ge, "%s=%s default=0" % (sched, fmt(v)))
        r = v / d
        verdict(desc, r >= limit if ge else r <= limit, "%s=%s default=%s ratio %.2fx" % (sched, fmt(v), fmt(d), r))

    def absolute(desc, sched, label, limit, ge):
        v = get(label, sched)
        verdict(desc, None if v is None else (v >= limit if ge else v <= limit), "%s=%s" % (sched, fmt(v)))

    for sched, tag in (("topo", ""), ("topo-strict", " [strict]")):
        absolute("futex wake share in waker's LLC >= 0.95" + tag, sched, "futex wake share in waker's LLC", 0.95, True)
        absolute("futex wake share on other node <= 0.01" + tag, sched, "futex wake share on other node", 0.01, False)
    vs_default("futex round trips >= 1.00x default", "topo", "futex round trips/s", 1.0, True)
    vs_default("futex p99 wakeup latency <= 1.10x default", "topo", "futex wakeup latency p99 us", 1.1, False)
    absolute("fan-out 1-to-%d uses >= %d CPUs" % (half, half), "topo", "fanout worker CPUs used", half, True)
    absolute("spinner rounds: zero stacking in every round", "topo", "rounds: stacked windows (max)", 0, False)
    absolute("spinner rounds: idle <= 0.5% in every round", "topo", "rounds: idle share (max)", 0.005, False)
    peers = [p for p in scx if p not in ("topo", "topo-strict")]
    best = [get("rounds: LLC-leaving migps (max)", p) for p in peers]
    best = [b for b in best if b is not None]
    v = get("rounds: LLC-leaving migps (max)", "topo")
    verdict("spinner rounds: LLC migrations/s <= the best peer's", None if v is None or not best else v <= min(best),
            "topo=%s best peer=%s" % (fmt(v), fmt(min(best)) if best else "n/a"))
    vs_default("mixed work >= 1.00x default", "topo", "mixed hog work units/s", 1.0, True)
    absolute("hog imbalance: idle <= 2% from 2 s after the kill [strict]", "topo-strict",
             "hogs idle share 2-4 s after kill", 0.02, False)
    for hb in HACKBENCH:
        vs_default("hackbench %s <= 1.05x default" % hb, "topo", "hackbench %s s" % hb, 1.05, False)
    for cb in ("select_cpu", "enqueue", "dispatch"):
        label = "bpf %s ns/call" % cb
        a, b = get(label, "topo"), get(label, "simple")
        verdict("BPF %s ns/call <= 1.3x scx_simple" % cb, None if a is None or b is None else a / b <= 1.3,
                "topo=%s simple=%s" % (fmt(a), fmt(b)))
    vs_default("throughput N=%d >= 1.00x default" % n, "topo", "throughput N=%d units/s" % n, 1.0, True)
    vs_default("wakeup latency p99 (wl_wakelat) <= 1.00x default", "topo", "wakelat p99 us", 1.0, False)
    for label in [k for k in data if k.startswith("numa ") and k.endswith("local-access share (mean)")]:
        absolute("%s >= 0.98 [strict]" % label, "topo-strict", label, 0.98, True)
        d = get(label, "default")
        v = get(label, "topo")
        verdict("%s without strict >= default (balancing off)" % label,
                None if v is None or d is None else v >= d, "topo=%s default=%s" % (fmt(v), fmt(d)))
    xn = []
    seen = False
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
    verdict("cross-node migrations == 0 under --numa-strict (every workload's samples)",
            None if not seen else not xn, "none" if seen and not xn else ("; ".join(xn) if xn else "no data"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("log")
    ap.add_argument("--json")
    ap.add_argument("--header", action="append", default=[])
    ap.add_argument("--scheds", default="", help="column order (the schedulers in the log by default)")
    a = ap.parse_args()
    log = Log(a.log)
    text, data = render(log, a.header, a.scheds.split())
    sys.stdout.write(text)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"metrics": data, "problems": log.problems,
                       "runs": {"|".join(map(str, k)): v for k, v in log.runs.items()}}, f, indent=1)
    return 0 if log.nbench else 1


if __name__ == "__main__":
    sys.exit(main())
