namespace Lakegate.Api.Admin;

public sealed record AddKeyBody(int? KeyLifetimeDays, int? RevokeOtherKeysAfterSeconds);
