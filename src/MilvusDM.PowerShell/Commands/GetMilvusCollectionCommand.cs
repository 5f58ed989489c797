using System.Management.Automation;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gets collections with their fields, dimension, metric, row count, partitions and indexes.</para>
/// </summary>
/// <example><code>Get-MilvusCollection</code><para>Lists every collection with dimension, metric, rows, partitions and indexes.</para></example>
/// <example><code>Get-MilvusCollection docs* -Connection $dst</code><para>Lists the collections whose names start with docs on another server.</para></example>
[Cmdlet(VerbsCommon.Get, "MilvusCollection")]
[OutputType(typeof(MilvusCollectionInfo))]
public sealed class GetMilvusCollectionCommand : ConnectionCmdlet
{
    /// <summary>Collections to list; wildcards allowed (default all).</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string[] Name { get; set; } = ["*"];

    protected override void ProcessRecord()
    {
        var client = Client;
        IReadOnlyList<string> all;
        try
        {
            all = Run(ct => client.ListCollectionsAsync(ct));
        }
        catch (Exception e) when (!IsStop(e))
        {
            ThrowTerminating(e, client.Address);
            return;
        }
        foreach (var pattern in Name)
        {
            var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
            var matches = all.Where(n => wildcard.IsMatch(n)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
            {
                WriteError(NotFound.Collection(pattern, client.Database), pattern);
                continue;
            }
            foreach (var name in matches)
            {
                try
                {
                    var overview = Run(ct => CollectionOverview.ReadAsync(client, name, ct));
                    WriteObject(OutputMapper.Collection(overview, CurrentConnection, client.Database));
                }
                catch (Exception e) when (!IsStop(e))
                {
                    WriteError(e, name);
                }
            }
        }
    }
}
