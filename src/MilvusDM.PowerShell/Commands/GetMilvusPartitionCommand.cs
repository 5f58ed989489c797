using System.Management.Automation;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gets the partitions of a collection with their row counts.</para>
/// <para type="description">Pipe collections in (Get-MilvusCollection) to list theirs; each partition carries its collection, database and
/// connection, so it pipes on to Remove-MilvusPartition against the same server.</para>
/// </summary>
/// <example><code>Get-MilvusPartition -CollectionName docs</code><para>Lists the partitions of docs.</para></example>
/// <example><code>Get-MilvusCollection docs -Connection $dst | Get-MilvusPartition -Name 2024*</code><para>Lists the partitions of docs on another server whose names start with 2024.</para></example>
[Cmdlet(VerbsCommon.Get, "MilvusPartition")]
[OutputType(typeof(MilvusPartitionInfo))]
public sealed class GetMilvusPartitionCommand : ConnectionCmdlet
{
    /// <summary>The collection (a piped collection binds its name here).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string CollectionName { get; set; } = "";

    /// <summary>Partitions to list; wildcards allowed (default all).</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PartitionNameCompleter))]
    public string[] Name { get; set; } = ["*"];

    protected override void ProcessRecord()
    {
        var client = Client;
        IReadOnlyList<string> all;
        try
        {
            Core.Milvus.NameRules.CheckCollection(CollectionName);
            all = Run(ct => client.ListPartitionsAsync(CollectionName, ct));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, CollectionName);
            return;
        }
        foreach (var pattern in Name)
        {
            var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
            var matches = all.Where(wildcard.IsMatch).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
            {
                WriteError(NotFound.Partition(pattern, CollectionName), pattern);
                continue;
            }
            foreach (var name in matches)
            {
                try
                {
                    long rows = Run(ct => client.GetPartitionRowCountAsync(CollectionName, name, ct));
                    WriteObject(new MilvusPartitionInfo { Name = name, CollectionName = CollectionName, Database = client.Database, RowCount = rows, Connection = CurrentConnection });
                }
                catch (Exception e) when (!IsStop(e))
                {
                    WriteError(e, name);
                }
            }
        }
    }
}
