using System.Management.Automation;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes vector batches from the pipeline into a collection, through the transfer engine.</para>
/// <para type="description">Creates the collection from the first batch's columns when it does not exist, or checks an existing one against them. -Mode Append (default) inserts, Skip leaves an existing collection alone, Overwrite drops and recreates it, Upsert replaces rows by primary key. Emits one transfer result.</para>
/// </summary>
/// <example><code>Read-Hdf5 ./x.h5 | Write-MilvusCollection -Name x -IndexType HNSW -MetricType L2 -Load</code><para>Writes pipeline batches into a collection, creating it from the first batch.</para></example>
[Cmdlet(VerbsCommunications.Write, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusTransferResult))]
public sealed class WriteMilvusCollectionCommand : CollectionWriteCmdlet
{
    private PipelineWriter? _writer;
    private long _whatIfRows;

    /// <summary>Vector batches from the pipeline (Read-FaissIndex, Read-Hdf5, Read-MilvusCollection, New-MilvusVectorBatch).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public MilvusVectorBatch? InputObject { get; set; }

    /// <summary>The collection to write into; created from the first batch's columns when it does not exist.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("CollectionName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>Column to use as the primary key of a new collection (default: id, else the first Int64/VarChar column).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PrimaryKey { get; set; }

    protected override void BeginProcessing()
    {
        var client = TargetClient;
        string target = $"collection '{Name}'{(PartitionName is null ? "" : $" partition '{PartitionName}'")} in database '{client.Database}' on {client.Address}";
        string action = Mode == MilvusWriteMode.Overwrite ? "Recreate the collection and write vector batches" : $"Write vector batches (mode {Mode})";
        if (!ConfirmWrite(target, action, Mode.ToString(), Force, () => Run(ct => client.ExistingRowCountAsync(Name, ct)))) return;
        var sink = new MilvusCollectionSink(client, new MilvusSinkOptions
        {
            CollectionName = Name,
            PartitionName = PartitionName,
            Mode = CoreMode,
            Load = Load,
            // An empty field name means the first vector field of the source.
            Indexes = IndexType is null ? [] : [new IndexSpec { FieldName = "", IndexType = IndexType, MetricType = MetricType ?? "" }],
        });
        _writer = new PipelineWriter(this, sink, TransferOptions(), $"Writing to collection '{Name}'", PrimaryKey);
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null) return;
        if (_writer is null) _whatIfRows += InputObject.Count;
        else _writer.Push(InputObject);
    }

    protected override void Finish()
    {
        if (_writer is null)
        {
            if (_whatIfRows > 0) WriteVerbose($"What if: {_whatIfRows} rows would be written to collection '{Name}'.");
            return;
        }
        var result = _writer.Finish();
        if (_writer.IgnoredRows > 0) WriteVerbose($"{_writer.IgnoredRows} rows were not written after the transfer stopped.");
        ResultWriter.Write(this, result, new ResultTarget(Name, PartitionName, TargetConnection, Database), Name);
    }
}
