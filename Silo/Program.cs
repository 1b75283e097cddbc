using Lakegate.Silo;
using Microsoft.Extensions.Hosting;

// A standalone silo. Without a Postgres connection string it runs the embedded, in-memory shape
// (useful for development only: a crash loses undelivered readings).
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.UseLakegateEmbedded(builder.Configuration));
await builder.Build().RunAsync();
