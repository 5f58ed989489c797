namespace MilvusDM.Core.Milvus;

/// <summary>
/// How to reach a Milvus 2.x server. Secrets (password, token) are only ever placed in the
/// <c>authorization</c> header; <see cref="ToString"/> never shows them.
/// </summary>
public sealed record MilvusConnectionOptions
{
    public const int DefaultPort = 19530;

    /// <summary><c>http://host:port</c>, <c>https://host:port</c> (TLS) or <c>host:port</c>.</summary>
    public required string Uri { get; init; }

    public string? User { get; init; }
    public string? Password { get; init; }

    /// <summary>API key or "user:password" token; used when no user is given.</summary>
    public string? Token { get; init; }

    /// <summary>Database sent as <c>db_name</c> on every request.</summary>
    public string Database { get; init; } = "default";

    /// <summary>PEM or DER file of a CA that signs the server certificate (TLS only).</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>Accept any server certificate (tests only).</summary>
    public bool SkipCertificateValidation { get; init; }

    /// <summary>Deadline of one RPC attempt.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public bool HasCredentials => !string.IsNullOrEmpty(User) || !string.IsNullOrEmpty(Token);

    public override string ToString() =>
        $"{Uri} (database {Database}{(HasCredentials ? $", user {User ?? "<token>"}" : "")})";
}
