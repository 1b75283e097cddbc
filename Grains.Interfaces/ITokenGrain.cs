namespace Lakegate.Grains.Interfaces;

/// <summary>
/// Owns the Databricks OAuth token of one credential profile (key: profile name, usually "default").
/// The token lives in memory only.
/// </summary>
[Alias("Lakegate.ITokenGrain")]
public interface ITokenGrain : IGrainWithStringKey
{
    /// <summary>A usable token; waits for a refresh only when the current one has expired.</summary>
    [Alias("GetToken")]
    Task<AccessTokenLease> GetToken();

    /// <summary>Reports that the sink rejected this token version; the next call refreshes once.</summary>
    [Alias("Invalidate")]
    Task Invalidate(long version);

    /// <summary>The token's state for operators; never the token.</summary>
    [Alias("GetStatus")]
    Task<TokenStatus> GetStatus();
}
