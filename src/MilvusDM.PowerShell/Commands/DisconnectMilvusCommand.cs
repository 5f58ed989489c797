using System.Management.Automation;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Closes a Milvus connection (the session default when none is given).</para>
/// </summary>
/// <example><code>Disconnect-Milvus</code><para>Closes the session's default connection.</para></example>
/// <example><code>Disconnect-Milvus -Connection $dst</code><para>Closes another connection.</para></example>
[Cmdlet(VerbsCommunications.Disconnect, "Milvus")]
[OutputType(typeof(void))]
public sealed class DisconnectMilvusCommand : MilvusDMCmdlet
{
    /// <summary>The connection to close (default: the session's).</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public MilvusConnection? Connection { get; set; }

    protected override void ProcessRecord()
    {
        var connection = Connection ?? ConnectionRegistry.Default;
        if (connection is null)
        {
            WriteVerbose("No open connection.");
            return;
        }
        ConnectionRegistry.Clear(connection);
        connection.Dispose();
        WriteVerbose($"Disconnected from {connection.Uri}.");
    }
}
