#!/usr/bin/env bash
# FleetSim against Lakegate on this machine, side by side: single readings and batches of 100,
# embedded default and (with --durable) PostgreSQL durable mode with two silo processes.
# Writes bench/out/*.json and prints a Markdown table for bench/RESULTS.md.
#   bash bench/fleet.sh [--durable] [--devices 1000] [--readings 50000]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/bench/out"; mkdir -p "$out"
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
bin() { echo "$root/$1/bin/Release/net10.0/$2"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
pgdir=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$pgdir" ]; then runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; fi
}
trap cleanup EXIT
wait_for() { for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "timed out waiting for $1" >&2; return 1; }

op=lgo_bench-operator-key
api_port=$(free_port); emu_port=$(free_port)
api=http://127.0.0.1:$api_port; emu=http://127.0.0.1:$emu_port
export Logging__LogLevel__Default=Warning

if [ "$durable" = 1 ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pgdir=$(mktemp -d); chown postgres:postgres "$pgdir"; pg_port=$(free_port)
  runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
    -o "-p $pg_port -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE lakegate" >/dev/null
  pg="Host=127.0.0.1;Port=$pg_port;Database=lakegate;Username=postgres"
  dotnet "$(bin tools/DatabricksEmulator Lakegate.DatabricksEmulator.dll)" --urls "$emu" >"$out/emulator.log" 2>&1 & pids+=($!)
  wait_for "$emu/_emulator/stats"
  for i in 1 2; do
    ConnectionStrings__Postgres="$pg" Credentials__HashSecret=$(head -c 32 /dev/zero | base64) \
    DATABRICKS_HOST="$emu" DATABRICKS_CLIENT_ID=lakegate-emulator DATABRICKS_CLIENT_SECRET=emulator-secret \
    DATABRICKS_APP_URL="$emu/apps/lakegate/api/ingest" \
      dotnet "$(bin Silo Lakegate.Silo.dll)" --Orleans:AdvertisedIP=127.0.0.1 --Orleans:SiloPort=$(free_port) --Orleans:GatewayPort=$(free_port) \
      >"$out/silo-$i.log" 2>&1 & pids+=($!)
  done
  ConnectionStrings__Postgres="$pg" Operators__ApiKeys__0=$op \
    dotnet "$(bin Api Lakegate.Api.dll)" --urls "$api" >"$out/api.log" 2>&1 & pids+=($!)
  mode=durable
else
  Operators__ApiKeys__0=$op dotnet "$(bin Api Lakegate.Api.dll)" --urls "$api" --Emulator:Url="$emu" >"$out/api.log" 2>&1 & pids+=($!)
  mode=embedded
fi
wait_for "$api/readyz"

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
