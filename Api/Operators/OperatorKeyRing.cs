using System.Security.Cryptography;
using System.Text;
using Lakegate.Grains.Credentials;

namespace Lakegate.Api.Operators;

/// <summary>
/// The configured operator keys, kept only as SHA-256 hashes with their role and compared in constant
/// time. A device key is never an operator key.
/// </summary>
public sealed class OperatorKeyRing
{
    public const string Prefix = "lgo_";
    private readonly (byte[] Hash, OperatorRole Role)[] _keys;

    public OperatorKeyRing(IEnumerable<string> adminKeys, IEnumerable<string>? readerKeys = null)
    {
        _keys = adminKeys.Select(k => (k, OperatorRole.Admin))
            .Concat((readerKeys ?? []).Select(k => (k, OperatorRole.Reader)))
            .Where(k => !string.IsNullOrWhiteSpace(k.k))
            .Select(k => (SHA256.HashData(Encoding.UTF8.GetBytes(k.k.Trim())), k.Item2))
            .ToArray();
    }

    /// <summary>Shortest operator key accepted from configuration.</summary>
    public const int MinKeyLength = 16;

    public bool IsEmpty => _keys.Length == 0;

    /// <summary>
    /// Refuses configured operator keys that are empty (an unset variable, say) or short enough to guess, so
    /// that the process does not start with an operator API nobody can use or anybody can.
    /// </summary>
    /// <exception cref="InvalidOperationException">A configured key is empty or shorter than <see cref="MinKeyLength"/>.</exception>
    public static void Validate(OperatorOptions options)
    {
        foreach (var (list, name) in new[] { (options.ApiKeys, "ApiKeys"), (options.ReaderKeys, "ReaderKeys") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(list[i]) || list[i].Trim().Length < MinKeyLength)
                {
                    throw new InvalidOperationException(
                        $"{OperatorOptions.SectionName}:{name}:{i} is empty or shorter than {MinKeyLength} characters; set a long random key " +
                        $"(e.g. {Prefix} and 64 hex digits), or leave {OperatorOptions.SectionName}:ApiKeys unset to have one generated.");
                }
            }
        }
    }

    public static string Generate() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The role of the presented key, or null when it is no operator key.</summary>
    public OperatorRole? RoleOf(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.StartsWith(DeviceKeyFormat.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        OperatorRole? role = null;
        foreach (var (candidate, candidateRole) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, candidate) && (role is null || candidateRole == OperatorRole.Admin))
            {
                role = candidateRole;
            }
        }

        return role;
    }
}
