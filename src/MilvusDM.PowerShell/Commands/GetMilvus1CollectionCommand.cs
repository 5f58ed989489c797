using System.Management.Automation;
using MilvusDM.Core.Milvus1;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Lists the live collections of a Milvus 1.x data path (SQLite or MySQL metadata): partitions and the Milvus 2.x names they get, dimension, metric, index, live rows.</para>
/// <para type="description">Reads a copy of meta.sqlite (with its -wal and -shm files), never the live file. Dropped collections and partitions, merged-away and in-flight segments are left out.</para>
/// </summary>
/// <example><code>Get-Milvus1Collection /var/lib/milvus</code><para>Lists the live collections of a Milvus 1.x data folder with their partitions and rows.</para></example>
/// <example><code>Get-Milvus1Collection /mnt/milvus -MySqlConnectionString 'Server=db;Database=milvus;User ID=milvus' -MySqlCredential $cred</code><para>Reads the metadata from MySQL.</para></example>
[Cmdlet(VerbsCommon.Get, "Milvus1Collection")]
[OutputType(typeof(Milvus1CollectionInfo))]
public sealed class GetMilvus1CollectionCommand : MilvusDMCmdlet
{
    /// <summary>The Milvus 1.x storage.path (holding db/), or its db folder.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string SourcePath { get; set; } = "";

    /// <summary>Collections to list; wildcards allowed (default all).</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    public string[] Name { get; set; } = ["*"];

    /// <summary>The Milvus 1.x metadata in MySQL, as a connection string (Server, Port, Database, User ID); the password may come from -MySqlCredential or MILVUSDM_MYSQL_PASSWORD.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MySqlConnectionString { get; set; }

    /// <summary>User and password for the Milvus 1.x MySQL metadata (instead of writing the password into -MySqlConnectionString).</summary>
    [Parameter]
    [Credential]
    public PSCredential? MySqlCredential { get; set; }

    protected override void ProcessRecord()
    {
        var options = Milvus1Parameters.Options(this, SourcePath, "", [], MySqlConnectionString, MySqlCredential);
        Milvus1Catalog catalog;
        try
        {
            catalog = Run(ct => Milvus1Transfer.OpenAsync(options.Path, options.MySqlConnectionString, ct)).Catalog;
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, options.Path);
            return;
        }
        foreach (var c in catalog.Collections.Where(c => Name.Any(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase).IsMatch(c.Name))))
            WriteObject(new Milvus1CollectionInfo
            {
                Name = c.Name,
                SourcePath = options.Path,
                VectorType = c.IsBinary ? "BinaryVector" : "FloatVector",
                Dimension = c.Dimension,
                MetricType = c.Metric,
                IndexType = Milvus1Codes.EngineName(c.EngineType),
                IndexParams = c.IndexParams,
                Rows = c.MetadataRows,
                AutoIds = c.AutoIds,
                Version = c.Version,
                Partitions = c.Partitions.Select(p => new Milvus1PartitionInfo { Tag = p.Tag, MilvusName = p.Name, TableId = p.TableId, Rows = p.MetadataRows, Segments = p.Segments.Count }).ToArray(),
            });
        foreach (var missing in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && catalog.Collections.All(c => c.Name != n)))
            WriteError(new Core.Errors.MilvusDMException(Core.Errors.MilvusDMErrorKind.NotFound, "Milvus1CollectionNotFound",
                $"The Milvus 1.x data has no live collection '{missing}'.", "Run Get-Milvus1Collection without -Name to list them."), missing);
    }
}
