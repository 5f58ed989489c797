using System.Management.Automation;
using MilvusDM.Core.Milvus1;

namespace MilvusDM.PowerShell.Internal;

/// <summary>The Milvus 1.x source parameters (-SourcePath, -MySqlConnectionString, -MySqlCredential) as Core options.</summary>
internal static class Milvus1Parameters
{
    public const string SetName = "Milvus1";

    public static Milvus1SourceOptions Options(PSCmdlet cmdlet, string sourcePath, string collection, string[] partitions, string? mysql, PSCredential? credential) => new()
    {
        Path = cmdlet.GetUnresolvedProviderPathFromPSPath(sourcePath),
        Collection = collection,
        Partitions = partitions,
        MySqlConnectionString = Milvus1Metadata.ConnectionString(mysql, credential?.UserName, credential?.GetNetworkCredential().Password),
    };
}
