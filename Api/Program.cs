using Lakegate.Api.Hosting;

await using var host = await LakegateHost.StartAsync(args);
Console.WriteLine(StartupBanner.For(host));
await host.App.WaitForShutdownAsync();
