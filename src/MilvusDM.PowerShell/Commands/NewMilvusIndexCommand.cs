using System.Collections;
using System.Management.Automation;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Creates an index on a field of a collection (vector or scalar).</para>
/// <para type="description">The index type and metric are checked against the field's vector type before anything is sent (the same rules
/// as the imports: InvalidIndexType, InvalidMetricType, with a suggestion for a typo). -Parameter holds the build parameters, e.g.
/// @{ M = 16; efConstruction = 200 } for HNSW or @{ nlist = 1024 } for IVF_FLAT. Without -FieldName the first vector field is indexed.</para>
/// </summary>
/// <example><code>New-MilvusIndex -CollectionName docs -IndexType HNSW -MetricType COSINE -Parameter @{ M = 16; efConstruction = 200 }</code><para>Builds an HNSW index on the vector field of docs.</para></example>
/// <example><code>Get-MilvusCollection docs -Connection $dst | New-MilvusIndex -FieldName category -IndexType INVERTED</code><para>Creates a scalar index on the field category of docs on another server.</para></example>
[Cmdlet(VerbsCommon.New, "MilvusIndex", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(MilvusIndexInfo))]
public sealed class NewMilvusIndexCommand : CollectionCmdlet
{
    /// <summary>The field to index (default: the first vector field).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? FieldName { get; set; }

    /// <summary>Index type: HNSW, IVF_FLAT, FLAT, AUTOINDEX, DISKANN, BIN_IVF_FLAT, SPARSE_INVERTED_INDEX, INVERTED…</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IndexTypeCompleter))]
    public string IndexType { get; set; } = "";

    /// <summary>Metric of a vector index: L2, IP, COSINE, HAMMING, JACCARD, BM25… (the server's default when omitted).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(MetricTypeCompleter))]
    public string? MetricType { get; set; }

    /// <summary>Build parameters, e.g. @{ M = 16; efConstruction = 200 }.</summary>
    [Parameter]
    public Hashtable? Parameter { get; set; }

    /// <summary>Name of the index (default: the field name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IndexName { get; set; }

    protected override void ProcessRecord()
    {
        var client = Client;
        try
        {
            NameRules.CheckCollection(CollectionName);
            var spec = Run(ct => client.DescribeCollectionAsync(CollectionName, ct));
            var field = FieldName is null ? spec.VectorFields.FirstOrDefault() : spec.Field(FieldName);
            if (field is null)
                throw new MilvusDMException(MilvusDMErrorKind.NotFound, "MilvusFieldNotFound",
                    FieldName is null ? $"Collection '{CollectionName}' has no vector field." : $"Collection '{CollectionName}' has no field '{FieldName}'.",
                    $"Name one of its fields with -FieldName: {string.Join(", ", spec.Fields.Select(f => f.Name))}.");
            var index = new IndexSpec
            {
                FieldName = field.Name,
                IndexName = IndexName ?? "",
                IndexType = IndexType.ToUpperInvariant(),
                MetricType = MetricType?.ToUpperInvariant() ?? "",
                Params = ManagementOutput.Strings(Parameter),
            };
            IndexRules.Check(spec, [index]);
            if (!ShouldProcess($"field '{field.Name}' of collection '{CollectionName}' in database '{client.Database}' on {client.Address}",
                    $"Create {index.IndexType} index{(index.MetricType.Length > 0 ? $" ({index.MetricType})" : "")}")) return;
            Run(ct => client.CreateIndexAsync(CollectionName, index, ct));
            var created = Run(ct => client.DescribeIndexesAsync(CollectionName, ct)).FirstOrDefault(i => i.FieldName == field.Name);
            if (created is not null) WriteObject(ManagementOutput.Index(created, CollectionName, client.Database, CurrentConnection));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, CollectionName);
        }
    }
}
