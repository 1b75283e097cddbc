using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lakegate.Durable.Tests.Infrastructure;

/// <summary>Loggers for the types under test (output is not asserted on).</summary>
public static class TestLogging
{
    public static ILogger<T> For<T>() => NullLogger<T>.Instance;
}
