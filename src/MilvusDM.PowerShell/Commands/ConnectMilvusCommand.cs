using System.Management.Automation;
using System.Net;
using System.Security;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Opens a connection to a Milvus 2.x server and makes it the session default.</para>
/// <para type="description">Credentials come from -Credential, -Token (SecureString), or the MILVUSDM_USER/MILVUSDM_PASSWORD or MILVUSDM_TOKEN environment variables; they are sent only in the authorization header and never shown.</para>
/// </summary>
/// <example><code>Connect-Milvus -Uri http://localhost:19530</code><para>Connects and makes the connection the session default.</para></example>
/// <example><code>$dst = Connect-Milvus -Uri https://milvus-b:19530 -Credential (Get-Credential) -CertificatePath ./ca.pem -NoDefault</code><para>Opens a TLS connection with a custom CA and credentials, without changing the default.</para></example>
[Cmdlet(VerbsCommunications.Connect, "Milvus")]
[OutputType(typeof(MilvusConnection))]
public sealed class ConnectMilvusCommand : MilvusDMCmdlet
{
    /// <summary>http://host:port, https://host:port (TLS) or host:port. Default http://localhost:19530. Credentials written in it
    /// (http://user:password@host:port) are used as -Credential would be, and never shown.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Uri { get; set; } = "http://localhost:19530";

    /// <summary>User name and password (Milvus users, or root).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>API key or "user:password" token.</summary>
    [Parameter]
    public SecureString? Token { get; set; }

    /// <summary>Database to use (default: default).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Database { get; set; } = "default";

    /// <summary>PEM or DER file of the CA that signed the server certificate.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificatePath { get; set; }

    /// <summary>Accept any server certificate (testing only).</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Deadline of one RPC, in seconds; also how long connecting may take (retries included).</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 120;

    /// <summary>Do not make this connection the session default.</summary>
    [Parameter]
    public SwitchParameter NoDefault { get; set; }

    protected override void ProcessRecord()
    {
        var (uri, uriUser, uriPassword) = SplitCredentials(Uri);
        if (uriUser is not null && (Credential is not null || Token is not null))
            ThrowTerminating(new Core.Errors.MilvusDMException(Core.Errors.MilvusDMErrorKind.InvalidArgument, "UriCredentialsConflict",
                "The URI carries a user name and password, and -Credential or -Token was given too.", "Give the credentials one way: -Credential (preferred) or in the URI."), uri);
        string? user = uriUser ?? Credential?.UserName ?? Environment.GetEnvironmentVariable("MILVUSDM_USER");
        string? password = uriUser is not null ? uriPassword : Credential is not null ? Credential.GetNetworkCredential().Password : Environment.GetEnvironmentVariable("MILVUSDM_PASSWORD");
        string? token = Token is not null ? new NetworkCredential("", Token).Password : Environment.GetEnvironmentVariable("MILVUSDM_TOKEN");
        var options = new MilvusConnectionOptions
        {
            Uri = uri,
            User = string.IsNullOrEmpty(user) ? null : user,
            Password = password,
            Token = string.IsNullOrEmpty(user) ? token : null,
            Database = Database,
            CaCertificatePath = CertificatePath is null ? null : GetUnresolvedProviderPathFromPSPath(CertificatePath),
            SkipCertificateValidation = SkipCertificateCheck,
            CallTimeout = TimeSpan.FromSeconds(TimeoutSec),
        };
        MilvusClient client;
        try
        {
            client = new MilvusClient(options);
        }
        catch (Exception e)
        {
            ThrowTerminating(e, uri);
            return;
        }
        try
        {
            var server = Run(ct => client.ConnectAsync(ct, TimeSpan.FromSeconds(TimeoutSec)));
            var connection = new MilvusConnection(client, server);
            WriteVerbose($"Connected to {connection.Uri} (Milvus {server.Version}, database {Database}).");
            if (!NoDefault) ConnectionRegistry.SetDefault(connection);
            WriteObject(connection);
        }
        catch (Exception e) when (!IsStop(e))
        {
            client.Dispose();
            ThrowTerminating(e, client.Address.ToString());
        }
    }

    /// <summary>The URI without its user information, and the user name and password written in it (unescaped), if any.</summary>
    private static (string Uri, string? User, string? Password) SplitCredentials(string uri)
    {
        string text = uri.Contains("://", StringComparison.Ordinal) ? uri : "http://" + uri;
        if (!System.Uri.TryCreate(text, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.UserInfo)) return (uri, null, null);
        var parts = parsed.UserInfo.Split(':', 2);
        var bare = new UriBuilder(parsed) { UserName = "", Password = "" }.Uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        return (bare, System.Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? System.Uri.UnescapeDataString(parts[1]) : "");
    }
}
