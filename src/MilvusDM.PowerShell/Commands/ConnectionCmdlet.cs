using System.Management.Automation;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// Base of cmdlets that talk to one Milvus server: -Connection (default: the session's) and -Database. Both bind by
/// property name, so an object piped from another server (a collection, a partition, a result) is read from there.
/// </summary>
public abstract class ConnectionCmdlet : MilvusDMCmdlet
{
    /// <summary>Connection from Connect-Milvus; the session default when omitted. Objects this module outputs carry theirs.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public MilvusConnection? Connection { get; set; }

    /// <summary>Database to use instead of the connection's.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DatabaseNameCompleter))]
    public string? Database { get; set; }

    /// <summary>The client for this call (the connection's database unless -Database was given).</summary>
    internal MilvusClient Client => ClientFor(this, Connection, Database);

    /// <summary>The connection this call uses (explicit, piped or the session's).</summary>
    internal MilvusConnection CurrentConnection => ConnectionOf(this, Connection);

    /// <summary>An explicit connection or the session default; ends the command when there is none.</summary>
    internal static MilvusConnection ConnectionOf(MilvusDMCmdlet cmdlet, MilvusConnection? explicitConnection)
    {
        var connection = explicitConnection ?? ConnectionRegistry.Default;
        if (connection is null || connection.IsDisposed)
            cmdlet.ThrowTerminatingError(ErrorRecords.From(new MilvusDMException(MilvusDMErrorKind.InvalidOperation, "NotConnected",
                "There is no open Milvus connection.", "Run Connect-Milvus first, or pass -Connection."), null));
        return connection!;
    }

    /// <summary>The client of an explicit connection or the session default; ends the command when there is none.</summary>
    internal static MilvusClient ClientFor(MilvusDMCmdlet cmdlet, MilvusConnection? explicitConnection, string? database)
    {
        var connection = ConnectionOf(cmdlet, explicitConnection);
        var client = database is null ? connection.Client : connection.Client.WithDatabase(database);
        cmdlet.WatchOnce(client, () => RetryLog.Watch(client, cmdlet.PostVerboseFromWorker));
        return client;
    }
}
