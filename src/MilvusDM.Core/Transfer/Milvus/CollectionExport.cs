using System.Globalization;
using System.Text;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>What Export-MilvusCollection asks for.</summary>
public sealed record CollectionExportOptions
{
    public required string Name { get; init; }
    public required string Folder { get; init; }
    public IReadOnlyList<string> Partitions { get; init; } = [];
    public bool Overwrite { get; init; }
    public TransferOptions Transfer { get; init; } = new();
    public ExportFormat Format { get; init; } = ExportFormat.Hdf5;

    /// <summary>HDF5 only: how the datasets are compressed.</summary>
    public Hdf5Compression Compression { get; init; } = Hdf5Compression.None;
}

/// <summary>What an export writes per partition: an HDF5 file, a folder of Parquet files in Milvus's bulk-import layout, or a Faiss index file.</summary>
public enum ExportFormat { Hdf5, Parquet, Faiss }

/// <summary>
/// M2H for Milvus 2.x: one HDF5 file per partition (MilvusDM layout plus every field, written by
/// <see cref="Hdf5FileWriter"/>) and beside each a task file in the old MilvusDM's H2M form that loads it back.
/// </summary>
public static class CollectionExport
{
    public static async Task<IReadOnlyList<TransferResult>> RunAsync(MilvusClient client, CollectionExportOptions o, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var spec = await client.DescribeCollectionFullAsync(o.Name, ct).ConfigureAwait(false);
        IReadOnlyList<string?> parts = spec.HasPartitionKey ? [null] : (o.Partitions.Count > 0 ? o.Partitions : spec.Partitions).Cast<string?>().ToList();
        string? metric = spec.Indexes.FirstOrDefault(i => spec.VectorFields.Any(v => v.Name == i.FieldName))?.MetricType;
        var results = new List<TransferResult>();
        foreach (var partition in parts)
        {
            var source = new MilvusCollectionSource(client, o.Name, new MilvusSourceOptions { Partition = partition });
            var result = o.Format switch
            {
                ExportFormat.Hdf5 => await ExportOneAsync(source, o.Folder, o.Name, partition, spec, metric, o.Overwrite, o.Transfer, progress, ct, o.Compression).ConfigureAwait(false),
                _ => await FileExport.ExportAsync(o.Format, source, o.Folder, o.Name, partition, metric, o.Overwrite, o.Transfer, progress, ct).ConfigureAwait(false),
            };
            results.Add(result);
            if (result.Status != TransferStatus.Succeeded) break;
        }
        return results;
    }

    /// <summary>
    /// One source into <c>FOLDER/COLLECTION[_PARTITION].h5</c> (rows placed by their offsets, so the source must know
    /// its exact row count) and the task file beside it; shared by the Milvus 2.x and 1.x exports.
    /// </summary>
    public static async Task<TransferResult> ExportOneAsync(IVectorSource source, string folder, string collection, string? partition, CollectionSpec spec,
        string? metric, bool overwrite, TransferOptions transfer, IProgress<TransferProgress>? progress, CancellationToken ct, Hdf5Compression compression = Hdf5Compression.None)
    {
        Directory.CreateDirectory(folder);
        string stem = partition is null ? collection : $"{collection}_{partition}";
        string file = Path.Combine(Path.GetFullPath(folder), stem + ".h5");
        using var sink = new ExportSink(file, overwrite, metric, partition, source, compression);
        var result = await new TransferEngine(transfer).RunAsync(source, sink, progress, ct).ConfigureAwait(false);
        if (result.Status == TransferStatus.Succeeded)
        {
            string task = Path.Combine(Path.GetFullPath(folder), stem + ".yaml");
            await File.WriteAllTextAsync(task, LegacyH2MTask(file, collection, partition, spec, metric), ct).ConfigureAwait(false);
            result = result with { Notes = [.. result.Notes, $"Wrote {file} and the task file {task} that loads it back."] };
            // The old form knows ids and one vector; files with more fields also get MilvusDM's own form.
            if (spec.Fields.Count(f => !f.IsFunctionOutput) > 2 || spec.EnableDynamicField)
            {
                string steps = Path.Combine(Path.GetFullPath(folder), stem + ".steps.yaml");
                await File.WriteAllTextAsync(steps, StepsTask(file, collection, partition), ct).ConfigureAwait(false);
                result = result with { Notes = [.. result.Notes, $"Wrote {steps}: it loads every field back (schema, partition and indexes come from the file)."] };
            }
        }
        return result with { Partition = partition };
    }

    /// <summary>The old tool's H2M task form (data_path, dest_collection_name, dest_partition_name, collection_parameter).</summary>
    public static string LegacyH2MTask(string file, string collection, string? partition, CollectionSpec spec, string? metric)
    {
        var vector = spec.VectorFields.FirstOrDefault();
        var sb = new StringBuilder();
        sb.AppendLine("# Written by MilvusDM Export-MilvusCollection: loads the HDF5 file beside it back into Milvus.");
        sb.AppendLine("H2M:");
        sb.AppendLine("  milvus_version: 2.x");
        sb.AppendLine("  data_path:");
        sb.AppendLine($"    - '{file.Replace("'", "''")}'");
        sb.AppendLine("  data_dir:");
        sb.AppendLine("  dest_host: '127.0.0.1'");
        sb.AppendLine("  dest_port: 19530");
        sb.AppendLine("  mode: 'append'");
        sb.AppendLine($"  dest_collection_name: '{collection}'");
        sb.AppendLine($"  dest_partition_name: '{partition ?? ""}'");
        sb.AppendLine("  collection_parameter:");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    dimension: {vector?.Dimension ?? 0}");
        sb.AppendLine("    index_file_size: 1024");
        sb.AppendLine($"    metric_type: '{metric ?? (vector?.DataType == MilvusDataType.BinaryVector ? "HAMMING" : "L2")}'");
        return sb.ToString();
    }

    /// <summary>MilvusDM's own task form for one exported file (or folder, for Parquet); the server comes from MILVUSDM_URI when set.</summary>
    public static string StepsTask(string file, string collection, string? partition, string kind = "hdf5", string pathKey = "path") => $$"""
        # Written by MilvusDM Export-MilvusCollection: loads the {{kind}} data beside it back, every field it holds{{(partition is null ? "" : ", into its partition")}}.
        # Run: Invoke-MilvusDMTask -Path <this file>   or   milvusdm --yaml <this file>
        steps:
          - name: load {{collection}}{{(partition is null ? "" : "/" + partition)}}
            source:
              {{kind}}:
                {{pathKey}}: '{{file.Replace("'", "''")}}'
            destination:
              milvus:
                uri: '${MILVUSDM_URI:-http://127.0.0.1:19530}'
                collection: '{{collection}}'{{(partition is null || kind == "hdf5" ? "" : $"\n        partition: '{partition}'")}}
                mode: append
            verify: true

        """;

    /// <summary>Writes each page at its offset; the file is sized from the source's count(*).</summary>
    private sealed class ExportSink(string file, bool overwrite, string? metric, string? partition, IVectorSource source, Hdf5Compression compression) : IVectorSink, IDisposable
    {
        /// <summary>A failed or cancelled export leaves no file behind (the writer deletes its .partial).</summary>
        public void Dispose() => _writer?.Dispose();

        private Hdf5FileWriter? _writer;
        public string Description => file;

        public Task<SinkPreparation> PrepareAsync(CollectionSpec spec, CancellationToken ct)
        {
            if (File.Exists(file) && !overwrite)
                throw new Errors.MilvusDMException(Errors.MilvusDMErrorKind.AlreadyExists, "Hdf5FileExists", $"'{file}' already exists.", "Use {Force} to replace it.");
            _writer = new Hdf5FileWriter(file, spec, source.TotalRows ?? 0, metric, partition, compression);
            return Task.FromResult(SinkPreparation.Proceed());
        }

        public Task WriteAsync(VectorBatch batch, CancellationToken ct)
        {
            _writer!.Write(batch, batch.Position?.Offset ?? throw new InvalidOperationException("Export batches must carry their offset."));
            return Task.CompletedTask;
        }

        public Task CompleteAsync(CancellationToken ct)
        {
            _writer!.Complete(overwrite);
            _writer.Dispose();
            return Task.CompletedTask;
        }
    }
}
