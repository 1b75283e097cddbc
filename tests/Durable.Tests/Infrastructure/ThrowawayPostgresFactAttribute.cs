namespace Lakegate.Durable.Tests.Infrastructure;

/// <summary>A test that needs a PostgreSQL server of its own (it stops and starts it); skipped when no server binaries are installed.</summary>
public sealed class ThrowawayPostgresFactAttribute : FactAttribute
{
    public ThrowawayPostgresFactAttribute()
    {
        if (PostgresServer.FindBinaries() is null)
        {
            Skip = "No PostgreSQL server binaries on this machine.";
        }
    }
}
