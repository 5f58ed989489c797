using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Removes (drops) partitions of a collection with their rows.</para>
/// <para type="description">Asks first, naming the rows that go; -Force or -Confirm:$false removes without asking, -WhatIf only says what
/// would go. A partition that does not exist is an error (MilvusPartitionNotFound). Milvus refuses to drop _default, and a partition of a
/// loaded collection: run Dismount-MilvusCollection first.</para>
/// </summary>
/// <example><code>Remove-MilvusPartition -CollectionName docs -Name 2023_q4</code><para>Drops the partition 2023_q4 of docs after asking.</para></example>
/// <example><code>Get-MilvusPartition docs 2023* | Remove-MilvusPartition -Force</code><para>Drops every partition of docs whose name starts with 2023, without asking.</para></example>
[Cmdlet(VerbsCommon.Remove, "MilvusPartition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveMilvusPartitionCommand : ConnectionCmdlet
{
    /// <summary>The collection.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string CollectionName { get; set; } = "";

    /// <summary>Partitions to drop.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("PartitionName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PartitionNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Drop without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var client = Client;
        foreach (var name in Name)
        {
            try
            {
                NameRules.CheckCollection(CollectionName);
                NameRules.CheckPartition(name);
                if (!Run(ct => client.HasPartitionAsync(CollectionName, name, ct))) throw NotFound.Partition(name, CollectionName);
                long rows = Run(ct => client.GetPartitionRowCountAsync(CollectionName, name, ct));
                string target = $"partition '{name}' of collection '{CollectionName}' in database '{client.Database}' on {client.Address}";
                if (!Confirmation.ShouldRemove(this, target, $"Remove partition and its {rows:N0} rows", Force)) continue;
                Run(ct => client.DropPartitionAsync(CollectionName, name, ct));
            }
            catch (Exception e) when (!IsStop(e))
            {
                WriteError(e, name);
            }
        }
    }
}
