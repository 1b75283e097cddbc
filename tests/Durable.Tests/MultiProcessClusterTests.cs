using System.Net;
using System.Net.Sockets;
using Lakegate.Durable.Tests.Infrastructure;
using Npgsql;

namespace Lakegate.Durable.Tests;

/// <summary>
/// The production shape as separate processes: PostgreSQL, the Databricks emulator, two silos and the
/// Api as a cluster client, with FleetSim replaying recorded sensor data over HTTP while one silo is
/// killed with SIGKILL. FleetSim's own check (accepted == delivered for every device) must pass.
/// </summary>
public sealed class MultiProcessClusterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string OperatorKey = "lgo_multi-process-operator-key";
    private const string ClientSecret = "multi-process-emulator-secret";

    [Fact(Timeout = 420_000)]
    public async Task FleetSim_passes_its_delivery_check_while_a_silo_process_is_killed()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        var emulatorUrl = $"http://127.0.0.1:{FreePort()}";
        var apiUrl = $"http://127.0.0.1:{FreePort()}";
        const string clusterId = "multi-process";
        var processes = new List<ChildProcess>();
        try
        {
            var emulator = ChildProcess.Start("emulator", "tools/DatabricksEmulator", "Lakegate.DatabricksEmulator.dll", ["--urls", emulatorUrl], new Dictionary<string, string>
            {
                ["Emulator__ClientId"] = "multi-process",
                ["Emulator__ClientSecret"] = ClientSecret,
            });
            processes.Add(emulator);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await Wait.Until(() => Answers(http, $"{emulatorUrl}/_emulator/stats"), TimeSpan.FromSeconds(60));

            var siloEnvironment = new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = connectionString,
                ["Orleans__ClusterId"] = clusterId,
                ["Orleans__AdvertisedIP"] = "127.0.0.1",
                ["Credentials__HashSecret"] = Convert.ToBase64String(new byte[32]),
                ["DATABRICKS_HOST"] = emulatorUrl,
                ["DATABRICKS_CLIENT_ID"] = "multi-process",
                ["DATABRICKS_CLIENT_SECRET"] = ClientSecret,
                ["DATABRICKS_APP_URL"] = $"{emulatorUrl}/apps/lakegate/api/ingest",
                ["Journal__SweepInterval"] = "00:00:02",
                ["Journal__OrphanAge"] = "00:00:05",
                ["Logging__LogLevel__Default"] = "Warning",
            };
            var silos = new List<ChildProcess>();
            for (var i = 1; i <= 2; i++)
            {
                var environment = new Dictionary<string, string>(siloEnvironment)
                {
                    ["Orleans__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Orleans__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                silos.Add(ChildProcess.Start($"silo-{i}", "Silo", "Lakegate.Silo.dll", [], environment));
            }

            processes.AddRange(silos);
            await Wait.Until(async () => await ActiveSilos(connectionString, clusterId) == 2, TimeSpan.FromSeconds(90));

            var api = ChildProcess.Start("api", "Api", "Lakegate.Api.dll", ["--urls", apiUrl], new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = connectionString,
                ["Orleans__ClusterId"] = clusterId,
                ["Orleans__ResponseTimeout"] = "00:00:10",
                ["Operators__ApiKeys__0"] = OperatorKey,
                ["Logging__LogLevel__Default"] = "Warning",
            });
            processes.Add(api);
            await Wait.Until(() => Answers(http, $"{apiUrl}/readyz"), TimeSpan.FromSeconds(90));

            var fleet = ChildProcess.Start("fleetsim", "tools/FleetSim", "Lakegate.FleetSim.dll",
            [
                "--api", apiUrl, "--operator-key", OperatorKey, "--devices", "200", "--readings", "12000",
                "--rate", "400", "--concurrency", "32", "--max-retries", "40", "--timeout-seconds", "15",
                "--settle-seconds", "180", "--emulator", emulatorUrl,
            ], new Dictionary<string, string>());
            processes.Add(fleet);

            // Mid-run, once the App has received a good part of the readings: SIGKILL the second silo.
            await Wait.Until(async () => await EmulatorRecords(http, emulatorUrl) >= 3000 || fleet.HasExited, TimeSpan.FromSeconds(120));
            Assert.False(fleet.HasExited, "FleetSim finished before the silo could be killed:\n" + fleet.Tail());
            silos[1].Kill();

            var exitCode = await fleet.WaitForExitAsync(TimeSpan.FromSeconds(330));
            Assert.True(exitCode == 0, $"FleetSim exited with {exitCode}\n{fleet.Tail(40)}\n{silos[0].Tail(30)}\n{api.Tail(30)}");
            output.WriteLine(fleet.Output);
            Assert.Contains("Delivery check      PASS", fleet.Output);
            Assert.Equal(0L, await Scalar(connectionString, "SELECT count(*) FROM lakegate_journal"));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static async Task<bool> Answers(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<long> EmulatorRecords(HttpClient http, string emulatorUrl)
    {
        using var document = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"{emulatorUrl}/_emulator/stats"));
        return document.RootElement.GetProperty("records").GetInt64();
    }

    private static async Task<long> ActiveSilos(string connectionString, string clusterId)
    {
        try
        {
            return await Scalar(connectionString, $"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{clusterId}' AND Status = 3");
        }
        catch (PostgresException)
        {
            return 0; // the schema is not there yet
        }
    }

    private static async Task<long> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
