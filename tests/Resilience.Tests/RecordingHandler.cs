using System.Collections.Concurrent;

namespace Lakegate.Resilience.Tests;

/// <summary>
/// Passes requests on to the network and records them; while <see cref="DiscoveryAnswer"/> is set, the
/// OAuth metadata request is answered by it instead.
/// </summary>
internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<(HttpMethod Method, Uri Uri)> _requests = new();

    public Func<HttpResponseMessage>? DiscoveryAnswer { get; set; }

    public IReadOnlyList<(HttpMethod Method, Uri Uri)> Requests => _requests.ToArray();

    public int DiscoveryRequests => Requests.Count(r => r.Uri.AbsolutePath.EndsWith("/.well-known/oauth-authorization-server", StringComparison.Ordinal));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue((request.Method, request.RequestUri!));
        if (DiscoveryAnswer is { } answer && request.RequestUri!.AbsolutePath.EndsWith("/.well-known/oauth-authorization-server", StringComparison.Ordinal))
        {
            return Task.FromResult(answer());
        }

        return base.SendAsync(request, cancellationToken);
    }
}
