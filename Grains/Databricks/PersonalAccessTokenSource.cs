using Microsoft.Extensions.Options;

namespace Lakegate.Grains.Databricks;

/// <summary>PAT mode: a long-lived token from DATABRICKS_TOKEN, served as is; it is never refreshed.</summary>
public sealed class PersonalAccessTokenSource(IOptions<DatabricksOptions> options, TimeProvider time) : ITokenSource
{
    public string Mode => "pat";

    public Task<OAuthToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var token = options.Value.Token;
        if (string.IsNullOrEmpty(token))
        {
            throw new TokenRequestException("DATABRICKS_TOKEN is not set.");
        }

        var now = time.GetUtcNow();
        return Task.FromResult(new OAuthToken(token, now, now.AddYears(100)));
    }
}
