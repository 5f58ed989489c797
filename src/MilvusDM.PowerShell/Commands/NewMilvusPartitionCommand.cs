using System.Management.Automation;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Creates a partition in a collection.</para>
/// <para type="description">A partition that already exists is an error (MilvusPartitionAlreadyExists); Milvus itself would say nothing.</para>
/// </summary>
/// <example><code>New-MilvusPartition -CollectionName docs -Name 2025_q1</code><para>Creates the partition 2025_q1 in docs.</para></example>
/// <example><code>Get-MilvusCollection docs | New-MilvusPartition -Name archive</code><para>Creates the partition archive in the piped collection, on its server.</para></example>
[Cmdlet(VerbsCommon.New, "MilvusPartition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(MilvusPartitionInfo))]
public sealed class NewMilvusPartitionCommand : ConnectionCmdlet
{
    /// <summary>The collection (a piped collection binds its name here).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string CollectionName { get; set; } = "";

    /// <summary>Name of the new partition.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    protected override void ProcessRecord()
    {
        var client = Client;
        try
        {
            NameRules.CheckCollection(CollectionName);
            NameRules.CheckPartition(Name);
            if (Run(ct => client.HasPartitionAsync(CollectionName, Name, ct)))
                throw new MilvusDMException(MilvusDMErrorKind.AlreadyExists, "MilvusPartitionAlreadyExists",
                    $"Partition '{Name}' already exists in collection '{CollectionName}'.", "Choose another name, or use the existing partition.");
            if (!ShouldProcess($"partition '{Name}' of collection '{CollectionName}' in database '{client.Database}' on {client.Address}", "Create partition")) return;
            Run(ct => client.CreatePartitionAsync(CollectionName, Name, ct));
            WriteObject(new MilvusPartitionInfo { Name = Name, CollectionName = CollectionName, Database = client.Database, Connection = CurrentConnection });
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, Name);
        }
    }
}
