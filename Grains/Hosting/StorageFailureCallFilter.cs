using Lakegate.Grains.Interfaces;

namespace Lakegate.Grains.Hosting;

/// <summary>
/// Turns a storage failure escaping a grain call into a <see cref="StorageUnavailableException"/>. The storage
/// driver's exceptions have no Orleans codec, so a cluster client in another process would otherwise get a
/// serialization failure instead of the cause (and answer 500 instead of 503).
/// </summary>
public sealed class StorageFailureCallFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (ex is not StorageUnavailableException && StorageFailure.Is(ex))
        {
            throw StorageFailure.Translate(ex);
        }
    }
}
