# Shared by bench/run.sh: start/stop the gateways under test. Source it; it sets a trap that stops
# everything it started (and the throwaway PostgreSQL) when the calling script exits.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/bench/out"; mkdir -p "$out"
op=lgo_bench-operator-key
export Logging__LogLevel__Default=Warning
bin() { echo "$root/$1/bin/Release/net10.0/$2"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "timed out waiting for $1" >&2; return 1; }
pids=()
pgdir=""
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
  if [ -n "$pgdir" ]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"; pgdir=""
  fi
}
trap stop_all EXIT

# The Databricks emulator as its own process (durable mode and the cost runs). $1: token lifetime in seconds.
start_emulator() {
  emu_port=$(free_port); emu=http://127.0.0.1:$emu_port
  Emulator__TokenLifetimeSeconds=${1:-3600} \
    dotnet "$(bin tools/DatabricksEmulator Lakegate.DatabricksEmulator.dll)" --urls "$emu" >"$out/emulator.log" 2>&1 & pids+=($!)
  wait_for "$emu/_emulator/stats"
}

databricks_env() {
  echo DATABRICKS_HOST="$emu" DATABRICKS_CLIENT_ID=lakegate-emulator DATABRICKS_CLIENT_SECRET=emulator-secret \
    DATABRICKS_APP_URL="$emu/apps/lakegate/api/ingest"
}

# Embedded default: one Api process with the co-hosted silo. With $1=external, Databricks is a separate
# emulator process (start_emulator first); otherwise the in-process one on a fixed port.
start_embedded() {
  api_port=$(free_port); api=http://127.0.0.1:$api_port
  if [ "${1:-}" = external ]; then
    env $(databricks_env) Operators__ApiKeys__0=$op \
      dotnet "$(bin Api Lakegate.Api.dll)" --urls "$api" >"$out/api.log" 2>&1 & pids+=($!)
  else
    emu_port=$(free_port); emu=http://127.0.0.1:$emu_port
    Operators__ApiKeys__0=$op dotnet "$(bin Api Lakegate.Api.dll)" --urls "$api" --Emulator:Url="$emu" >"$out/api.log" 2>&1 & pids+=($!)
  fi
  wait_for "$api/readyz"
}

# Durable mode as bench/fleet.sh runs it: PostgreSQL, the emulator, two silo processes, the Api as a client.
start_durable() {
  pgdir=$(mktemp -d); chown postgres:postgres "$pgdir"; pg_port=$(free_port)
  runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
    -o "-p $pg_port -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE lakegate" >/dev/null
  pg="Host=127.0.0.1;Port=$pg_port;Database=lakegate;Username=postgres"
  start_emulator "${1:-3600}"
  local secret; secret=$(head -c 32 /dev/zero | base64)
  for i in 1 2; do
    env $(databricks_env) ConnectionStrings__Postgres="$pg" Credentials__HashSecret="$secret" \
      dotnet "$(bin Silo Lakegate.Silo.dll)" --Orleans:AdvertisedIP=127.0.0.1 --Orleans:SiloPort=$(free_port) --Orleans:GatewayPort=$(free_port) \
      >"$out/silo-$i.log" 2>&1 & pids+=($!)
  done
  api_port=$(free_port); api=http://127.0.0.1:$api_port
  ConnectionStrings__Postgres="$pg" Operators__ApiKeys__0=$op \
    dotnet "$(bin Api Lakegate.Api.dll)" --urls "$api" >"$out/api.log" 2>&1 & pids+=($!)
  wait_for "$api/readyz"
}

start_bare() {
  api_port=$(free_port); api=http://127.0.0.1:$api_port
  dotnet "$(bin bench/BareIngest Lakegate.Bench.BareIngest.dll)" --urls "$api" >"$out/bare.log" 2>&1 & pids+=($!)
  wait_for "$api/readyz"
}

# Provisions $2 devices named $1-1..$1-N in bulk and writes "deviceId key" lines to $3.
provision() {
  local prefix=$1 count=$2 file=$3
  python3 - "$api" "$op" "$prefix" "$count" "$file" <<'PY'
import json, sys, urllib.request
api, op, prefix, count, path = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
csv = "deviceId\n" + "".join(f"{prefix}-{i}\n" for i in range(1, count + 1))
req = urllib.request.Request(f"{api}/v1/admin/devices/bulk", data=csv.encode(), method="POST",
                             headers={"Authorization": f"Bearer {op}", "Content-Type": "text/csv"})
res = json.load(urllib.request.urlopen(req, timeout=600))
with open(path, "w") as f:
    for r in res["results"]:
        if r.get("key"):
            f.write(f"{r['deviceId']} {r['key']}\n")
assert res["created"] == count, res["created"]
PY
}

# One wrk run: $1 name, $2 devices file, $3 body file, $4 seconds. Writes $out/wrk-$1.txt and prints the WRKJSON line.
run_wrk() {
  local name=$1 devs=$2 body=$3 secs=$4
  wrk -t2 -c"${WRK_CONNECTIONS:-64}" -d"${secs}s" --latency -s "$root/bench/ingest.lua" "$api" -- "$devs" "$body" >"$out/wrk-$name.txt" 2>&1
  grep '^WRKJSON' "$out/wrk-$name.txt" | sed 's/^WRKJSON //' | tee "$out/wrk-$name.json"
}
