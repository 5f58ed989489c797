using System.Runtime.CompilerServices;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Faiss;

/// <summary>
/// A Faiss index file as a transfer source: id (Int64 primary key, not auto-id) + embedding (float or binary
/// vector). Refuses lossy, transformed or unrecoverable contents unless allowed; checks NaN/Inf, duplicate ids
/// and that every one of ntotal rows arrived.
/// </summary>
public sealed class FaissIndexSource(string path, FaissReadOptions? options = null) : IVectorSource, IPrecheckedSource, ISourceNotes
{
    private readonly FaissReadOptions _o = options ?? new FaissReadOptions();
    private FaissNode? _root;
    private int _outputDim;

    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string Identity => $"faiss:{Path}:{new FileInfo(Path).Length}:{File.GetLastWriteTimeUtc(Path).Ticks}";
    public string Description => Path;
    public long? TotalRows => _root?.NTotal;

    /// <summary>The Milvus metric for the collection's index (the index's own, or the override).</summary>
    public string? MetricType { get; private set; }

    public FaissRecoverability Recoverability { get; private set; }

    public IReadOnlyList<string> Notes => Recoverability == FaissRecoverability.Approximate
        ? ["The vectors are Faiss's reconstruction of lossy codes, not the originals."] : [];

    public Task<CollectionSpec> DescribeAsync(CancellationToken ct)
    {
        if (!File.Exists(Path))
            throw new MilvusDMException(MilvusDMErrorKind.NotFound, "FaissFileNotFound", $"Faiss file '{Path}' does not exist.", "Check the path.");
        _root = FaissIndexParser.Parse(Path);
        var (level, why) = FaissInspector.Recoverability(_root);
        var pre = FaissInspector.Chain(_root).OfType<PreTransformNode>().FirstOrDefault();
        bool invertible = pre is not null && pre.Chain.All(t => t.IsInvertible);
        if (level == FaissRecoverability.None)
            throw Refuse("FaissVectorsNotRecoverable", $"its vectors cannot be recovered: {why}", "Export the original vectors or an index that stores them.");
        if (level == FaissRecoverability.Approximate && !_o.AllowLossy)
            throw Refuse("FaissIndexLossy", $"it holds only approximations of the vectors ({why})", "Use {AllowLossy} to import Faiss's reconstruction of them.");
        if (pre is not null && !invertible && !_o.AllowTransformed)
            throw Refuse("FaissIndexTransformed", $"its vectors are stored transformed ({why})", "Use {AllowTransformed} to import the vectors in the transformed space.");
        Recoverability = level;
        _outputDim = pre is not null && !invertible ? FaissInspector.Chain(pre.Inner).First().Dimension : _root.Dimension;
        MetricType = _o.MetricType ?? FaissIndexInfo.MilvusMetricOf(_root)
            ?? throw Refuse("FaissMetricUnsupported", $"its metric {FaissMetric.Name(_root.Metric)} has no Milvus equivalent", "Pass {MetricType} (L2, IP or COSINE) to choose one.");
        var vector = _root.IsBinary
            ? new FieldSpec { Name = _o.VectorField, DataType = MilvusDataType.BinaryVector, Dimension = _root.Dimension }
            : new FieldSpec { Name = _o.VectorField, DataType = MilvusDataType.FloatVector, Dimension = _outputDim };
        return Task.FromResult(new CollectionSpec
        {
            Name = System.IO.Path.GetFileNameWithoutExtension(Path),
            Fields = [new FieldSpec { Name = _o.IdField, DataType = MilvusDataType.Int64, IsPrimaryKey = true }, vector],
            // The index's metric goes with the vectors: a collection made from the file searches them the same way.
            Indexes = [new IndexSpec { FieldName = _o.VectorField, IndexType = "AUTOINDEX", MetricType = MetricType }],
        });
    }

    private MilvusDMException Refuse(string id, string why, string remedy) =>
        new(id == "FaissMetricUnsupported" ? MilvusDMErrorKind.InvalidArgument : MilvusDMErrorKind.Unsupported, id, $"Faiss file '{Path}' cannot be imported as is: {why}.", remedy);

    public async IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int batchRows, [EnumeratorCancellation] CancellationToken ct)
    {
        if (_root is null) await DescribeAsync(ct).ConfigureAwait(false);
        using var extractor = new FaissExtractor(Path, invertTransforms: true);
        var seen = _o.AllowDuplicateIds || _prechecked ? null : new IdSet();
        long emitted = 0, skip = resumeAfter?.Offset ?? 0;
        foreach (var block in extractor.Read(_root!, batchRows))
        {
            ct.ThrowIfCancellationRequested();
            Check(block, seen);
            long first = emitted;
            emitted += block.Count;
            if (emitted <= skip) continue;
            var ids = new ScalarColumn<long>(_o.IdField, MilvusDataType.Int64, block.Ids);
            ColumnData vectors = block.Bytes is { } bytes
                ? new ByteVectorColumn(_o.VectorField, MilvusDataType.BinaryVector, _root!.Dimension, bytes)
                : new FloatVectorColumn(_o.VectorField, block.Dimension, block.Floats!);
            var batch = new VectorBatch([ids, vectors], new SourcePosition { Part = block.Part, Offset = first });
            yield return first < skip ? batch.Slice((int)(skip - first), (int)(emitted - skip)) : batch;
            await Task.Yield();
        }
        if (emitted != _root!.NTotal)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "FaissRowCountMismatch",
                $"Faiss file '{Path}' declares {_root.NTotal} vectors but {emitted} were found.", "The file is inconsistent; re-export it from Faiss.");
    }

    private bool _prechecked;

    /// <summary>Every vector and id once before the first row is sent: a NaN or a repeated id near the end fails the run before anything is written.</summary>
    public async Task PrecheckAsync(int batchRows, CancellationToken ct)
    {
        if (_root is null) await DescribeAsync(ct).ConfigureAwait(false);
        using var extractor = new FaissExtractor(Path, invertTransforms: true);
        var seen = _o.AllowDuplicateIds ? null : new IdSet();
        foreach (var block in extractor.Read(_root!, batchRows))
        {
            ct.ThrowIfCancellationRequested();
            Check(block, seen);
        }
        _prechecked = true;
    }

    private void Check(FaissRowBlock block, IdSet? seen)
    {
        if (block.Floats is { } floats)
            for (int i = 0; i < floats.Length; i++)
                if (!float.IsFinite(floats[i]))
                    throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "FaissVectorNotFinite",
                        $"Faiss file '{Path}': the vector with id {block.Ids[i / block.Dimension]} holds {floats[i]} at component {i % block.Dimension}; Milvus rejects NaN and infinite values.",
                        "Clean the vectors in Faiss (or remove those ids) and export again.");
        if (seen is null) return;
        foreach (var id in block.Ids)
            if (!seen.Add(id))
                throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "FaissDuplicateId",
                    $"Faiss file '{Path}' holds id {id} more than once; Milvus primary keys would not be unique.", "Use {AllowDuplicateIds} to import every row anyway.");
    }
}
