using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Releases a collection (or some of its partitions) from memory; its data stays on disk.</para>
/// <para type="description">Dismount is PowerShell's approved verb for making a resource unavailable (Release is not an approved verb): this
/// is Milvus's ReleaseCollection / ReleasePartitions. A released collection cannot be searched or queried until Mount-MilvusCollection;
/// Milvus needs it released before a partition or a vector index of it can be dropped.</para>
/// </summary>
/// <example><code>Dismount-MilvusCollection docs</code><para>Releases docs.</para></example>
/// <example><code>Get-MilvusCollection docs -Connection $dst | Dismount-MilvusCollection -PartitionName 2023_q4 -PassThru</code><para>Releases one partition of docs on another server and outputs the collection.</para></example>
[Cmdlet(VerbsData.Dismount, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusCollectionInfo))]
public sealed class DismountMilvusCollectionCommand : CollectionCmdlet
{
    /// <summary>Release only these partitions.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PartitionNameCompleter))]
    public string[] PartitionName { get; set; } = [];

    /// <summary>Output the collection afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var client = Client;
        try
        {
            NameRules.CheckCollection(CollectionName);
            foreach (var p in PartitionName) NameRules.CheckPartition(p);
            string what = PartitionName.Length == 0 ? "" : $"partitions {string.Join(", ", PartitionName)} of ";
            if (!ShouldProcess($"{what}collection '{CollectionName}' in database '{client.Database}' on {client.Address}", "Release from memory")) return;
            if (PartitionName.Length == 0) Run(ct => client.ReleaseCollectionAsync(CollectionName, ct));
            else Run(ct => client.ReleasePartitionsAsync(CollectionName, PartitionName, ct));
            if (PassThru)
            {
                var overview = Run(ct => CollectionOverview.ReadAsync(client, CollectionName, ct));
                WriteObject(OutputMapper.Collection(overview, CurrentConnection, client.Database));
            }
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, CollectionName);
        }
    }
}
