namespace Lakegate.Grains.Delivery;

/// <summary>One named parameter of a statement, as the Statement Execution API takes it: <c>{"name", "value", "type"}</c>.</summary>
public sealed record SqlParameter(string Name, string Value, string Type);
