namespace Lakegate.DatabricksEmulator;

/// <summary>The workspace URL clients should use, derived from the server's bound addresses.</summary>
internal static class EmulatorBaseUrl
{
    /// <summary>
    /// The first bound http(s) address, ending in '/'. A wildcard host (0.0.0.0, [::], +, *) is replaced by
    /// localhost, which is where a client on the same machine reaches it.
    /// </summary>
    public static Uri From(IEnumerable<string> boundAddresses)
    {
        var address = boundAddresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The emulator is not bound to any address.");
        var builder = new UriBuilder(address.Replace("://+:", "://localhost:", StringComparison.Ordinal)
                                            .Replace("://*:", "://localhost:", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "localhost";
        }

        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }
}
