namespace Lakegate.Silo.Postgres;

/// <summary>What one run of <see cref="PostgresSchemaInstaller"/> did.</summary>
/// <param name="AppliedScripts">Scripts this run applied (new or changed), in order; empty when the schema was up to date.</param>
/// <param name="CurrentScripts">Scripts that were already applied in their current version.</param>
public sealed record SchemaInstallResult(IReadOnlyList<string> AppliedScripts, IReadOnlyList<string> CurrentScripts)
{
    /// <summary>True when nothing had to be applied.</summary>
    public bool WasUpToDate => AppliedScripts.Count == 0;
}
