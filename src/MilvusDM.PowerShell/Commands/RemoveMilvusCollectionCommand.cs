using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Removes (drops) collections with all their rows, partitions and indexes.</para>
/// <para type="description">Asks first, naming the rows that go with the collection; -Force or -Confirm:$false removes without asking, -WhatIf
/// only says what would go. A collection that does not exist is an error (MilvusCollectionNotFound). Milvus refuses to drop a collection
/// that still has aliases: remove them first (Remove-MilvusAlias).</para>
/// </summary>
/// <example><code>Remove-MilvusCollection old_docs</code><para>Drops old_docs after asking.</para></example>
/// <example><code>Get-MilvusCollection tmp_* -Connection $dst | Remove-MilvusCollection -Force</code><para>Drops every collection whose name starts with tmp_ on another server, without asking.</para></example>
[Cmdlet(VerbsCommon.Remove, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveMilvusCollectionCommand : ConnectionCmdlet
{
    /// <summary>Collections to drop.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("CollectionName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
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
                NameRules.CheckCollection(name);
                long? rows = Run(ct => client.ExistingRowCountAsync(name, ct));
                if (rows is null) throw NotFound.Collection(name, client.Database);
                string target = $"collection '{name}' in database '{client.Database}' on {client.Address}";
                if (!Confirmation.ShouldRemove(this, target, $"Remove collection and its {rows:N0} rows", Force)) continue;
                Run(ct => client.DropCollectionAsync(name, ct));
            }
            catch (Exception e) when (!IsStop(e))
            {
                WriteError(e, name);
            }
        }
    }
}
