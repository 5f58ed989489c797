using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Loads a collection (or some of its partitions) into memory, so it can be searched and queried.</para>
/// <para type="description">Mount is PowerShell's approved verb for making a resource available (Load is not an approved verb): this is
/// Milvus's LoadCollection / LoadPartitions. It waits until the server reports the collection loaded, then outputs the collection; -NoWait
/// returns as soon as loading has started. Milvus loads only collections whose vector fields all have an index (New-MilvusIndex).</para>
/// </summary>
/// <example><code>Mount-MilvusCollection docs</code><para>Loads docs and waits until it is loaded.</para></example>
/// <example><code>Get-MilvusCollection docs -Connection $dst | Mount-MilvusCollection -PartitionName 2025_q1 -NoWait</code><para>Starts loading one partition of docs on another server without waiting.</para></example>
[Cmdlet(VerbsData.Mount, "MilvusCollection")]
[OutputType(typeof(MilvusCollectionInfo))]
public sealed class MountMilvusCollectionCommand : CollectionCmdlet
{
    /// <summary>Load only these partitions.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PartitionNameCompleter))]
    public string[] PartitionName { get; set; } = [];

    /// <summary>Return once loading has started, without waiting for it to finish.</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    /// <summary>How long to wait for the load, in seconds (default 600).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int TimeoutSeconds { get; set; } = 600;

    protected override void ProcessRecord()
    {
        var client = Client;
        try
        {
            NameRules.CheckCollection(CollectionName);
            foreach (var p in PartitionName) NameRules.CheckPartition(p);
            var partitions = PartitionName.Length == 0 ? null : PartitionName;
            Run(ct => client.LoadCollectionAsync(CollectionName, partitions, ct: ct));
            if (!NoWait)
            {
                Progress.Update(1, $"Loading {CollectionName}", "waiting for the server", null);
                Run(ct => client.WaitForLoadedAsync(CollectionName, partitions, TimeSpan.FromSeconds(TimeoutSeconds), ct));
            }
            var overview = Run(ct => CollectionOverview.ReadAsync(client, CollectionName, ct));
            WriteObject(OutputMapper.Collection(overview, CurrentConnection, client.Database));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, CollectionName);
        }
        finally
        {
            Progress.Complete(1);
        }
    }
}
