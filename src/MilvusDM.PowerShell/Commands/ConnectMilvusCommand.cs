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
    /// <summary>http://host:port, https://host:port (TLS) or host:port. Default http://localhost:19530.</summary>
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

    /// <summary>Deadline of one RPC, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 120;

    /// <summary>Do not make this connection the session default.</summary>
    [Parameter]
    public SwitchParameter NoDefault { get; set; }

    protected override void ProcessRecord()
    {
        string? user = Credential?.UserName ?? Environment.GetEnvironmentVariable("MILVUSDM_USER");
        string? password = Credential is not null ? Credential.GetNetworkCredential().Password : Environment.GetEnvironmentVariable("MILVUSDM_PASSWORD");
        string? token = Token is not null ? new NetworkCredential("", Token).Password : Environment.GetEnvironmentVariable("MILVUSDM_TOKEN");
        var options = new MilvusConnectionOptions
        {
            Uri = Uri,
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
            ThrowTerminating(e, Uri);
            return;
        }
        try
        {
            var server = Run(ct => client.ConnectAsync(ct));
            var connection = new MilvusConnection(client, server);
            WriteVerbose($"Connected to {connection.Uri} (Milvus {server.Version}, database {Database}).");
            if (!NoDefault) ConnectionRegistry.SetDefault(connection);
            WriteObject(connection);
        }
        catch (Exception e) when (!IsStop(e))
        {
            client.Dispose();
            ThrowTerminating(e, Uri);
        }
    }
}
