using System.Security.Cryptography;
using System.Text;

namespace Lakegate.Silo.Postgres;

/// <summary>One of Lakegate's PostgreSQL schema scripts, as embedded in the silo assembly.</summary>
/// <param name="Name">The file name, for example <c>02-clustering.sql</c>; scripts run in ordinal name order.</param>
/// <param name="Text">The SQL, with line endings normalised to <c>\n</c>.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Text"/>; a changed hash means the script is re-applied.</param>
public sealed record SchemaScript(string Name, string Text, string Sha256)
{
    private const string ResourcePrefix = "Lakegate.Silo.Sql.";

    private static readonly Lazy<IReadOnlyList<SchemaScript>> Embedded = new(LoadEmbedded);

    /// <summary>All embedded scripts in the order they are applied.</summary>
    public static IReadOnlyList<SchemaScript> All => Embedded.Value;

    private static IReadOnlyList<SchemaScript> LoadEmbedded()
    {
        var assembly = typeof(SchemaScript).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded schema script {resource} cannot be opened.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            scripts.Add(new SchemaScript(resource[ResourcePrefix.Length..], text, hash));
        }

        if (scripts.Count == 0)
        {
            throw new InvalidOperationException("The silo assembly embeds no schema scripts (Sql/*.sql); the build is misconfigured.");
        }

        return scripts;
    }
}
