namespace Lakegate.Grains.Interfaces;

/// <summary>No usable Databricks token could be obtained (token endpoint failing and the last token expired).</summary>
[GenerateSerializer, Alias("Lakegate.TokenUnavailableException")]
public sealed class TokenUnavailableException : Exception
{
    public TokenUnavailableException() { }

    public TokenUnavailableException(string message) : base(message) { }

    public TokenUnavailableException(string message, Exception inner) : base(message, inner) { }
}
