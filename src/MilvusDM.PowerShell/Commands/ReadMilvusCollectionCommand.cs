using System.Management.Automation;
using MilvusDM.PowerShell.Internal;
using MilvusDM.Core.Transfer;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Streams a collection's rows (or one partition's) to the pipeline as vector batches, in primary-key order under one snapshot.</para>
/// </summary>
/// <example><code>Read-MilvusCollection docs -BatchSize 2000 | ForEach-Object Count</code><para>Pages through a collection in primary-key order under one snapshot.</para></example>
[Cmdlet(VerbsCommunications.Read, "MilvusCollection")]
[OutputType(typeof(MilvusVectorBatch))]
public sealed class ReadMilvusCollectionCommand : ConnectionCmdlet
{
    /// <summary>The collection to read.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>Partition to read (default: every partition).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PartitionNameCompleter))]
    public string? PartitionName { get; set; }

    /// <summary>Fields to read (the primary key is always included); default: every field but function outputs.</summary>
    [Parameter]
    public string[]? Field { get; set; }

    /// <summary>A Milvus boolean expression selecting rows.</summary>
    [Parameter]
    public string Filter { get; set; } = "";

    /// <summary>Rows per emitted batch (one query page).</summary>
    [Parameter]
    [ValidateRange(1, 16384)]
    public int BatchSize { get; set; } = 1000;

    protected override void ProcessRecord()
    {
        var source = new MilvusCollectionSource(Client, Name, new MilvusSourceOptions { Partition = PartitionName, Fields = Field, Filter = Filter, PageSize = BatchSize });
        EmitBatches(source, Name, BatchSize);
        foreach (var note in source.Notes) WriteVerbose(note);
    }
}
