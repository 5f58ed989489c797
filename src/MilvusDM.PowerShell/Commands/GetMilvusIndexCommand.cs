using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gets the indexes of a collection: field, type, metric, build parameters and build state.</para>
/// <para type="description">A collection without indexes outputs nothing; a named index (no wildcard) that does not exist is an error
/// (MilvusIndexNotFound). Each index carries its collection, database and connection, so it pipes on to Remove-MilvusIndex.</para>
/// </summary>
/// <example><code>Get-MilvusIndex -CollectionName docs</code><para>Lists the indexes of docs.</para></example>
/// <example><code>Get-MilvusCollection docs* -Connection $dst | Get-MilvusIndex</code><para>Lists the indexes of every collection whose name starts with docs on another server.</para></example>
[Cmdlet(VerbsCommon.Get, "MilvusIndex")]
[OutputType(typeof(MilvusIndexInfo))]
public sealed class GetMilvusIndexCommand : CollectionCmdlet
{
    /// <summary>Indexes to list by index name; wildcards allowed (default all).</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] IndexName { get; set; } = ["*"];

    protected override void ProcessRecord()
    {
        var client = Client;
        try
        {
            NameRules.CheckCollection(CollectionName);
            var all = Run(ct => client.DescribeIndexesAsync(CollectionName, ct));
            foreach (var pattern in IndexName)
            {
                var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
                var matches = all.Where(i => wildcard.IsMatch(i.IndexName)).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                    WriteError(NotFound.Index($"named '{pattern}'", CollectionName), pattern);
                foreach (var index in matches) WriteObject(ManagementOutput.Index(index, CollectionName, client.Database, CurrentConnection));
            }
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, CollectionName);
        }
    }
}
