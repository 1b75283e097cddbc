#!/usr/bin/env bash
# FleetSim against Lakegate on this machine, side by side: single readings and batches of 100,
# embedded default and (with --durable) PostgreSQL durable mode with two silo processes.
# Writes bench/out/*.json and prints a Markdown table for bench/RESULTS.md.
#   bash bench/fleet.sh [--durable] [--devices 1000] [--readings 50000]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
devices=1000; readings=50000; durable=0
while [ $# -gt 0 ]; do
  case "$1" in
    --durable) durable=1 ;;
    --devices) devices=$2; shift ;;
    --readings) readings=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

dotnet build Orleans.sln -c Release -v q -nologo >/dev/null
if [ "$durable" = 1 ]; then
  start_durable; mode=durable
else
  start_embedded; mode=embedded
fi

sim() {
  local name=$1; shift
  dotnet "$(bin tools/FleetSim Lakegate.FleetSim.dll)" --api "$api" --operator-key "$op" --emulator "$emu" \
    --devices "$devices" --json "$out/$mode-$name.json" "$@" 2>/dev/null | tee "$out/$mode-$name.txt"
}
sim single --readings "$readings" --batch-size 1 --concurrency 64
sim batch100 --readings $((readings * 10)) --batch-size 100 --concurrency 32
echo
echo "| mode | run | requests/s | readings/s | p50 ms | p99 ms | App requests | token grants | delivery check |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for name in single batch100; do
  python3 - "$out/$mode-$name.json" "$mode" "$name" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = d.get("emulator") or {}
print(f"| {sys.argv[2]} | {sys.argv[3]} | {d['requestsPerSecond']:,.0f} | {d['readingsPerSecond']:,.0f} | "
      f"{d['latencyMs']['p50']:.1f} | {d['latencyMs']['p99']:.1f} | {e.get('appRequests', '?')} | {e.get('tokenGrants', '?')} | "
      f"{'PASS' if d['delivery']['passed'] else 'FAIL'} |")
PY
done
