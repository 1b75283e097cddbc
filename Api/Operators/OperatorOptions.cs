namespace Lakegate.Api.Operators;

/// <summary>Operator credentials. Bound from "Operators" (env Operators__ApiKeys__0, ...).</summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Operators";

    public List<string> ApiKeys { get; set; } = [];
}
