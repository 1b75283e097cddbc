namespace Lakegate.Api.Operators;

/// <summary>Operator credentials. Bound from "Operators" (env Operators__ApiKeys__0, Operators__ReaderKeys__0, ...).</summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Operators";

    /// <summary>Admin keys: every operator endpoint.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Reader keys: the GET endpoints only.</summary>
    public List<string> ReaderKeys { get; set; } = [];
}
