using Lakegate.Grains.Databricks;

namespace Lakegate.Unit.Tests;

public sealed class TokenEndpointResolutionTests
{
    [Fact]
    public void A_workspace_uses_its_oidc_token_endpoint()
    {
        var options = new DatabricksOptions { Host = "adb-123.4.azuredatabricks.net" };
        Assert.Equal("https://adb-123.4.azuredatabricks.net/oidc/v1/token", options.ResolveTokenEndpoint().ToString());
    }

    [Fact]
    public void An_account_level_principal_uses_the_account_token_endpoint()
    {
        var options = new DatabricksOptions { Host = "https://accounts.cloud.databricks.com/", AccountId = "0d26daa6-5e44-4c97-a497-ef015f91254a" };
        Assert.Equal("https://accounts.cloud.databricks.com/oidc/accounts/0d26daa6-5e44-4c97-a497-ef015f91254a/v1/token", options.ResolveTokenEndpoint().ToString());
    }

    [Fact]
    public void A_configured_endpoint_wins()
    {
        var options = new DatabricksOptions { Host = "h", AccountId = "a", TokenEndpoint = "https://idp.example/token" };
        Assert.Equal("https://idp.example/token", options.ResolveTokenEndpoint().ToString());
    }
}
