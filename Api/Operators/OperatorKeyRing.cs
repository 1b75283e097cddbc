using System.Security.Cryptography;
using System.Text;
using Lakegate.Grains.Credentials;

namespace Lakegate.Api.Operators;

/// <summary>
/// The configured operator keys, kept only as SHA-256 hashes and compared in constant time.
/// A device key is never an operator key.
/// </summary>
public sealed class OperatorKeyRing
{
    public const string Prefix = "lgo_";
    private readonly byte[][] _hashes;

    public OperatorKeyRing(IEnumerable<string> keys)
    {
        _hashes = keys
            .Where(k => !string.IsNullOrWhiteSpace(k))
            .Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k.Trim())))
            .ToArray();
    }

    public bool IsEmpty => _hashes.Length == 0;

    public static string Generate() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public bool Matches(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.StartsWith(DeviceKeyFormat.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var candidate in _hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, candidate);
        }

        return match;
    }
}
