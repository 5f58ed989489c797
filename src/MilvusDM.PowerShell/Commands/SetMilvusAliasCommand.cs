using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Points an alias at a collection: creates the alias, or moves it from the collection it points to now.</para>
/// <para type="description">Moving an alias is how a migration switches readers to a new collection at once (blue/green): copy into a new
/// collection, verify, then Set-MilvusAlias. Outputs the alias with its collection.</para>
/// </summary>
/// <example><code>Set-MilvusAlias -Name docs_live -CollectionName docs_v2</code><para>Points docs_live at docs_v2 (creating it, or moving it from the old collection).</para></example>
/// <example><code>Get-MilvusCollection docs_v2 -Connection $dst | Set-MilvusAlias -Name docs_live -WhatIf</code><para>Says what pointing docs_live at docs_v2 on another server would do.</para></example>
[Cmdlet(VerbsCommon.Set, "MilvusAlias", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusAliasInfo))]
public sealed class SetMilvusAliasCommand : ConnectionCmdlet
{
    /// <summary>The alias.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Alias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AliasNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The collection the alias is to point to (a piped collection binds its name here).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string CollectionName { get; set; } = "";

    protected override void ProcessRecord()
    {
        var client = Client;
        try
        {
            NameRules.CheckAlias(Name);
            NameRules.CheckCollection(CollectionName);
            if (!Run(ct => client.HasCollectionAsync(CollectionName, ct))) throw NotFound.Collection(CollectionName, client.Database);
            bool exists = Run(ct => client.ListAliasesAsync("", ct)).Contains(Name, StringComparer.Ordinal);
            string? current = exists ? Run(ct => client.DescribeAliasAsync(Name, ct)) : null;
            if (current != CollectionName)
            {
                string action = current is null ? $"Create alias pointing to collection '{CollectionName}'" : $"Move alias from collection '{current}' to '{CollectionName}'";
                if (!ShouldProcess($"alias '{Name}' in database '{client.Database}' on {client.Address}", action)) return;
                if (current is null) Run(ct => client.CreateAliasAsync(CollectionName, Name, ct));
                else Run(ct => client.AlterAliasAsync(CollectionName, Name, ct));
            }
            WriteObject(new MilvusAliasInfo { Alias = Name, CollectionName = CollectionName, Database = client.Database, Connection = CurrentConnection });
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, Name);
        }
    }
}
