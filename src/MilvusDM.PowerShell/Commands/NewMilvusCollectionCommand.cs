using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Creates a collection with a primary key and one vector field (and optionally its index).</para>
/// </summary>
/// <example><code>New-MilvusCollection -Name docs -Dimension 768 -MetricType COSINE</code><para>Creates a collection with an int64 key and a 768-dimensional float vector field.</para></example>
[Cmdlet(VerbsCommon.New, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(MilvusCollectionInfo))]
public sealed class NewMilvusCollectionCommand : ConnectionCmdlet
{
    /// <summary>Name of the new collection.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Vector dimension (bits for BinaryVector).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(1, 32768)]
    public int Dimension { get; set; }

    /// <summary>FloatVector (default), BinaryVector, Float16Vector, BFloat16Vector or Int8Vector.</summary>
    [Parameter]
    [ValidateSet("FloatVector", "BinaryVector", "Float16Vector", "BFloat16Vector", "Int8Vector")]
    public string VectorType { get; set; } = "FloatVector";

    /// <summary>Int64 (default) or VarChar.</summary>
    [Parameter]
    [ValidateSet("Int64", "VarChar")]
    public string PrimaryKeyType { get; set; } = "Int64";

    /// <summary>Let the server assign the primary keys.</summary>
    [Parameter]
    public SwitchParameter AutoId { get; set; }

    /// <summary>Name of the primary-key field (default id).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string PrimaryKeyField { get; set; } = "id";

    /// <summary>Name of the vector field (default embedding).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string VectorField { get; set; } = "embedding";

    /// <summary>Metric of the index (-IndexType): L2, IP, COSINE, HAMMING, JACCARD…</summary>
    [Parameter]
    [ArgumentCompleter(typeof(MetricTypeCompleter))]
    public string? MetricType { get; set; }

    /// <summary>Create this index on the vector field (e.g. HNSW, IVF_FLAT, FLAT, AUTOINDEX).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IndexTypeCompleter))]
    public string? IndexType { get; set; }

    /// <summary>Accept fields that are not in the schema (kept in $meta).</summary>
    [Parameter]
    public SwitchParameter EnableDynamicField { get; set; }

    /// <summary>Strong, Session, Bounded (default) or Eventually.</summary>
    [Parameter]
    [ValidateSet("Strong", "Session", "Bounded", "Eventually")]
    public string ConsistencyLevel { get; set; } = "Bounded";

    /// <summary>Description of the collection.</summary>
    [Parameter]
    public string Description { get; set; } = "";

    protected override void ProcessRecord()
    {
        var client = Client;
        if (!ShouldProcess($"collection '{Name}' in database '{client.Database}' on {client.Address}", "Create collection")) return;
        var vectorType = Enum.Parse<MilvusDataType>(VectorType);
        var keyType = Enum.Parse<MilvusDataType>(PrimaryKeyType);
        var spec = new CollectionSpec
        {
            Name = Name,
            Description = Description,
            EnableDynamicField = EnableDynamicField,
            ConsistencyLevel = Enum.Parse<ConsistencyLevel>(ConsistencyLevel),
            Fields =
            [
                new FieldSpec { Name = PrimaryKeyField, DataType = keyType, IsPrimaryKey = true, AutoId = AutoId, MaxLength = keyType == MilvusDataType.VarChar ? 65535 : null },
                new FieldSpec { Name = VectorField, DataType = vectorType, Dimension = Dimension },
            ],
        };
        try
        {
            IndexSpec[] indexes = IndexType is null ? [] : [new IndexSpec { FieldName = VectorField, IndexType = IndexType, MetricType = MetricType ?? "" }];
            var overview = Run(ct => CollectionOverview.CreateAsync(client, spec, indexes, ct));
            WriteObject(OutputMapper.Collection(overview, CurrentConnection, client.Database));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, Name);
        }
    }
}
