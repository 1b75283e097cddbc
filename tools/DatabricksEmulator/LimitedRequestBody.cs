using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Lakegate.DatabricksEmulator;

/// <summary>
/// A request body read into memory up to a limit. <see cref="TooLarge"/> means the body exceeded the limit
/// (by its Content-Length, or while reading a body of unknown length) and <see cref="Content"/> is empty.
/// </summary>
internal readonly record struct LimitedRequestBody(ReadOnlyMemory<byte> Content, long BytesRead, bool TooLarge)
{
    public static async Task<LimitedRequestBody> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return new LimitedRequestBody(ReadOnlyMemory<byte>.Empty, 0, TooLarge: true);
        }

        // The emulator enforces its own limit, which may be above the server's default one.
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        var initialCapacity = (int)Math.Min(request.ContentLength ?? 16 * 1024, maxBytes);
        using var content = new MemoryStream(initialCapacity);
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    return new LimitedRequestBody(ReadOnlyMemory<byte>.Empty, total, TooLarge: true);
                }

                content.Write(chunk, 0, read);
            }

            return new LimitedRequestBody(content.GetBuffer().AsMemory(0, (int)content.Length), total, TooLarge: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
