using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("Lakegate.Durable.Tests.Infrastructure.DurableTestFramework", "Lakegate.Durable.Tests")]

namespace Lakegate.Durable.Tests.Infrastructure;

/// <summary>xunit's own framework plus one assembly-level clean-up: the shared PostgreSQL server is ended and deleted when the run ends.</summary>
public sealed class DurableTestFramework : XunitTestFramework
{
    public DurableTestFramework(IMessageSink messageSink)
        : base(messageSink)
    {
        DisposalTracker.Add(new SharedPostgresShutdown());

        // Also at process exit: the runner may end the process while the framework is still being disposed.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => SharedPostgres.Stop();
    }

    private sealed class SharedPostgresShutdown : IDisposable
    {
        public void Dispose() => SharedPostgres.Stop();
    }
}
