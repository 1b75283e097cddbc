namespace Lakegate.Durable.Tests.Infrastructure;

/// <summary>
/// A test that needs a PostgreSQL server of its own (it stops and starts it). Never skipped: without
/// server binaries it fails, saying what to install.
/// </summary>
public sealed class ThrowawayPostgresFactAttribute : FactAttribute
{
}
