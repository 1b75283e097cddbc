using Microsoft.AspNetCore.Http.HttpResults;

namespace Lakegate.DatabricksEmulator;

/// <summary>The error answers of the emulated workspace, in Databricks' wire shapes.</summary>
internal static class DatabricksErrorResults
{
    public static JsonHttpResult<DatabricksAuthErrorBody> CredentialNotSent() =>
        Auth(StatusCodes.Status401Unauthorized, "Credential was not sent or was of an unsupported type for this API.");

    public static JsonHttpResult<DatabricksAuthErrorBody> InvalidAccessToken() =>
        Auth(StatusCodes.Status403Forbidden, "Invalid access token.");

    public static JsonHttpResult<DatabricksAuthErrorBody> TokenExpired() =>
        Auth(StatusCodes.Status403Forbidden, "JWT has expired");

    public static JsonHttpResult<DatabricksAuthErrorBody> TokenExpiringWithin30Seconds() =>
        Auth(StatusCodes.Status403Forbidden, "Token is expiring within 30 seconds");

    public static JsonHttpResult<DatabricksAuthErrorBody> AppPermissionDenied(string appName) =>
        Auth(StatusCodes.Status403Forbidden, $"User does not have CAN_USE permission on app {appName}.");

    public static JsonHttpResult<DatabricksErrorBody> Error(int statusCode, string errorCode, string message) =>
        TypedResults.Json(new DatabricksErrorBody(errorCode, message), EmulatorJson.Databricks, statusCode: statusCode);

    public static JsonHttpResult<OAuthErrorBody> OAuth(int statusCode, string error, string description) =>
        TypedResults.Json(new OAuthErrorBody(error, description), EmulatorJson.Databricks, statusCode: statusCode);

    private static JsonHttpResult<DatabricksAuthErrorBody> Auth(int statusCode, string message) =>
        TypedResults.Json(new DatabricksAuthErrorBody(statusCode, message), EmulatorJson.Databricks, statusCode: statusCode);
}
