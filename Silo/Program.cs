using Lakegate.Grains.Databricks;
using Lakegate.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A standalone silo. With ConnectionStrings:Postgres it joins the durable cluster (membership, grain
// state and the reading journal in PostgreSQL); without, it runs the in-memory shape for development.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddFilter("Orleans", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Orleans", LogLevel.Warning);
builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
if (!DatabricksEnvironment.IsConfigured(builder.Configuration))
{
    Console.Error.WriteLine(
        "Lakegate silo: no Databricks workspace configured. Set DATABRICKS_HOST, DATABRICKS_CLIENT_ID, " +
        "DATABRICKS_CLIENT_SECRET (or DATABRICKS_TOKEN) and DATABRICKS_APP_URL; for local work point them at " +
        "the emulator (dotnet run --project tools/DatabricksEmulator).");
    return 2;
}

builder.AddLakegateOpenTelemetry("lakegate-silo");
var postgres = builder.Configuration.GetConnectionString("Postgres");
builder.UseOrleans(silo =>
{
    if (string.IsNullOrWhiteSpace(postgres))
    {
        silo.UseLakegateEmbedded(builder.Configuration);
    }
    else
    {
        silo.UseLakegateDurable(builder.Configuration, postgres);
    }
});

var host = builder.Build();
Console.WriteLine(string.IsNullOrWhiteSpace(postgres)
    ? "Lakegate silo (in-memory: a crash loses undelivered readings; set ConnectionStrings__Postgres for durable mode)"
    : "Lakegate silo (durable: PostgreSQL membership, grain state and reading journal)");
await host.RunAsync();
return 0;
