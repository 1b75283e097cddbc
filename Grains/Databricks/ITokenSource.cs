namespace Lakegate.Grains.Databricks;

/// <summary>Obtains a new Databricks token (OAuth grant, or a configured personal access token).</summary>
public interface ITokenSource
{
    /// <summary>"oauth" or "pat".</summary>
    string Mode { get; }

    Task<OAuthToken> RequestTokenAsync(CancellationToken cancellationToken);
}
