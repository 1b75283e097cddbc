using System.Security.Cryptography;
using Lakegate.Grains.Credentials;
using Microsoft.Extensions.Options;

namespace Lakegate.Unit.Tests;

public sealed class DeviceKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly DeviceKeyHasher _hasher = new(RandomNumberGenerator.GetBytes(32));
    private readonly DeviceKeyIssuer _issuer;
    private readonly DeviceKeyVerifier _verifier;

    public DeviceKeyTests()
    {
        _issuer = new DeviceKeyIssuer(_hasher, Options.Create(new CredentialOptions { DefaultKeyLifetimeDays = 365, MaxKeyLifetimeDays = 730 }));
        _verifier = new DeviceKeyVerifier(_hasher);
    }

    [Fact]
    public void A_key_has_the_prefix_its_key_id_and_256_random_bits()
    {
        var (stored, issued) = _issuer.Issue("dev-1", null, Now);
        Assert.StartsWith("lgk_" + issued.KeyId + "_", issued.Key);
        Assert.True(DeviceKeyFormat.TryParse(issued.Key, out var keyId, out var secret));
        Assert.Equal(stored.KeyId, keyId);
        Assert.Equal(32, Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.Equal(Now.AddDays(365), issued.ExpiresAt);
        Assert.DoesNotContain(secret, Convert.ToBase64String(stored.Hash));
    }

    [Fact]
    public void The_right_key_verifies()
    {
        var (stored, issued) = _issuer.Issue("dev-1", null, Now);
        Assert.Same(stored, _verifier.Verify("dev-1", [stored], issued.Key, Now));
    }

    [Fact]
    public void A_wrong_secret_fails()
    {
        var (stored, issued) = _issuer.Issue("dev-1", null, Now);
        var wrong = issued.Key[..^4] + (issued.Key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        Assert.Null(_verifier.Verify("dev-1", [stored], wrong, Now));
    }

    [Fact]
    public void Another_devices_key_fails_even_with_the_same_key_id_shape()
    {
        var (mine, _) = _issuer.Issue("dev-1", null, Now);
        var (_, theirs) = _issuer.Issue("dev-2", null, Now);
        Assert.Null(_verifier.Verify("dev-1", [mine], theirs.Key, Now));
    }

    [Fact]
    public void A_key_stored_for_one_device_does_not_verify_for_another_device()
    {
        var (stored, issued) = _issuer.Issue("dev-1", null, Now);
        Assert.Null(_verifier.Verify("dev-2", [stored], issued.Key, Now));
    }

    [Fact]
    public void An_expired_key_fails_from_its_expiry_on()
    {
        var (stored, issued) = _issuer.Issue("dev-1", 10, Now);
        Assert.NotNull(_verifier.Verify("dev-1", [stored], issued.Key, Now.AddDays(10).AddTicks(-1)));
        Assert.Null(_verifier.Verify("dev-1", [stored], issued.Key, Now.AddDays(10)));
    }

    [Fact]
    public void A_revoked_key_fails()
    {
        var (stored, issued) = _issuer.Issue("dev-1", null, Now);
        stored.RevokedAt = Now.AddMinutes(1);
        Assert.NotNull(_verifier.Verify("dev-1", [stored], issued.Key, Now));
        Assert.Null(_verifier.Verify("dev-1", [stored], issued.Key, Now.AddMinutes(1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("lgk_")]
    [InlineData("not-a-key")]
    [InlineData("lgk_ZZZZZZZZZZZZZZZZ_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_keys_fail(string presented)
    {
        var (stored, _) = _issuer.Issue("dev-1", null, Now);
        Assert.Null(_verifier.Verify("dev-1", [stored], presented, Now));
    }

    [Fact]
    public void The_lifetime_is_capped_by_policy()
    {
        var (_, issued) = _issuer.Issue("dev-1", 5000, Now);
        Assert.Equal(Now.AddDays(730), issued.ExpiresAt);
    }

    [Fact]
    public void An_issued_key_does_not_print_its_secret()
    {
        var (_, issued) = _issuer.Issue("dev-1", null, Now);
        Assert.DoesNotContain(issued.Key, issued.ToString());
    }
}
