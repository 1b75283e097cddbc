using Lakegate.Grains.Databricks;
using Lakegate.Grains.Interfaces;

namespace Lakegate.Api.Admin;

/// <summary>GET /v1/admin/databricks/token: the token's state, never the token.</summary>
public static class TokenAdminEndpoints
{
    public static RouteGroupBuilder MapTokenAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/databricks/token", async (IGrainFactory grains) =>
            Results.Ok(await grains.GetGrain<ITokenGrain>(SiloTokenProvider.DefaultProfile).GetStatus()))
            .WithName("GetDatabricksToken")
            .Produces<TokenStatus>()
            .RequiresOperatorKey(changes: false);
        return admin;
    }
}
