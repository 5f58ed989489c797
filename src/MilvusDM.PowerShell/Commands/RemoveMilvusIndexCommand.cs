using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Removes (drops) an index of a collection; the data stays.</para>
/// <para type="description">Name the index by -IndexName, or by -FieldName for the index on that field (Get-MilvusIndex output binds both).
/// An index that does not exist is an error (MilvusIndexNotFound). Milvus refuses to drop a vector index of a loaded collection: run
/// Dismount-MilvusCollection first.</para>
/// </summary>
/// <example><code>Remove-MilvusIndex -CollectionName docs -FieldName embedding</code><para>Drops the index on the field embedding of docs.</para></example>
/// <example><code>Get-MilvusIndex docs -Connection $dst | Remove-MilvusIndex -Confirm:$false</code><para>Drops every index of docs on another server without asking.</para></example>
[Cmdlet(VerbsCommon.Remove, "MilvusIndex", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "ByIndexName")]
[OutputType(typeof(void))]
public sealed class RemoveMilvusIndexCommand : ConnectionCmdlet
{
    /// <summary>The collection.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string CollectionName { get; set; } = "";

    /// <summary>Name of the index to drop.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = "ByIndexName", ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string IndexName { get; set; } = "";

    /// <summary>Drop the index on this field.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "ByField")]
    [ValidateNotNullOrEmpty]
    public string FieldName { get; set; } = "";

    protected override void ProcessRecord()
    {
        var client = Client;
        bool byField = ParameterSetName == "ByField";
        try
        {
            NameRules.CheckCollection(CollectionName);
            var index = Run(ct => client.DescribeIndexesAsync(CollectionName, ct)).FirstOrDefault(i => byField ? i.FieldName == FieldName : i.IndexName == IndexName)
                ?? throw NotFound.Index(byField ? $"on field '{FieldName}'" : $"named '{IndexName}'", CollectionName);
            if (!ShouldProcess($"index '{index.IndexName}' on field '{index.FieldName}' of collection '{CollectionName}' in database '{client.Database}' on {client.Address}", "Remove index")) return;
            // Milvus goes by index name only (an empty one means every index).
            Run(ct => client.DropIndexAsync(CollectionName, index.FieldName, index.IndexName, ct));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, byField ? FieldName : IndexName);
        }
    }
}
