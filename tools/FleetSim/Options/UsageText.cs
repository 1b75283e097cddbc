namespace Lakegate.FleetSim.Options;

/// <summary>The help shown for <c>--help</c> and after a usage error.</summary>
public static class UsageText
{
    public const string Value = """
        Lakegate FleetSim: provisions simulated devices and replays recorded sensor data as their telemetry.

        Usage: Lakegate.FleetSim --operator-key <key> [options]

          --api <url>               gateway base address (default http://127.0.0.1:5080)
          --operator-key <key>      operator API key (or env LAKEGATE_OPERATOR_KEY)
          --devices <n>             simulated devices to provision (default 100)
          --device-prefix <text>    device id prefix (default sim-<run id>-)
          --concurrency <n>         requests in flight at once (default 64)
          --batch-size <n>          readings per request; 1 sends an object, more an array (default 1)
          --readings <n>            total readings to send (default 10000 unless --duration is given)
          --duration <seconds>      stop sending after this long (whichever of --readings/--duration comes first)
          --rate <req/s>            total requests per second, 0 = unlimited (default 0)
          --dataset <ulb|chicago|all>  recorded data to replay (default all)
          --data-dir <path>         folder with the recorded files (default: shared/data found above this folder)
          --ts-anchor <end|start>   end: a full pass over a source ends now (ts in the past);
                                    start: a device's first reading is stamped now (default end)
          --settle-seconds <s>      how long the delivery check waits (default 60)
          --poll-interval-ms <ms>   pause between delivery-check rounds (default 1000)
          --max-retries <n>         retries after 429/503/timeouts, same Idempotency-Key (default 5)
          --timeout-seconds <s>     timeout of one HTTP attempt (default 30)
          --emulator <url>          Databricks App emulator; its statistics are printed at the end
          --json <file>             also write the summary as JSON
          --help                    show this text

        Exit codes: 0 delivery check passed, 1 delivery check failed, 2 usage or provisioning error.
        """;
}
