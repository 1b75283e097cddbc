using System.Net;

namespace Lakegate.FleetSim.Api;

/// <summary>The operator API answered with a status the simulator cannot continue with.</summary>
public sealed class OperatorApiException(string message, HttpStatusCode? statusCode = null) : Exception(message)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
