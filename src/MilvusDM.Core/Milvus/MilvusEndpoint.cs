namespace MilvusDM.Core.Milvus;

/// <summary>Normalises the URI forms users type (host, host:port, http(s)://, tcp://, grpc(s)://) to an HTTP/2 address.</summary>
public static class MilvusEndpoint
{
    public static Uri Normalize(string uri)
    {
        if (string.IsNullOrWhiteSpace(uri)) throw new ArgumentException("The Milvus URI is empty.", nameof(uri));
        string s = uri.Trim();
        if (!s.Contains("://", StringComparison.Ordinal)) s = "http://" + s;
        if (!System.Uri.TryCreate(s, UriKind.Absolute, out var parsed))
            throw new ArgumentException($"'{uri}' is not a valid Milvus URI (expected http://host:port or https://host:port).", nameof(uri));
        string scheme = parsed.Scheme.ToLowerInvariant() switch
        {
            "http" or "tcp" or "grpc" => "http",
            "https" or "grpcs" => "https",
            var other => throw new ArgumentException($"'{uri}': unsupported scheme '{other}' (use http or https).", nameof(uri)),
        };
        int port = parsed.IsDefaultPort || parsed.Port <= 0 ? MilvusConnectionOptions.DefaultPort : parsed.Port;
        // A URI typed as "http://host" gets Milvus's port, not 80.
        if (!uri.Contains($":{parsed.Port}", StringComparison.Ordinal)) port = MilvusConnectionOptions.DefaultPort;
        return new UriBuilder(scheme, parsed.Host, port).Uri;
    }
}
