using System.Text.Json;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;

namespace MilvusDM.Core.Tests.Hdf5;

/// <summary>Files our writer compresses with gzip or lzf: h5py reads every value back exactly, and so do we.</summary>
public sealed class Hdf5CompressionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-h5z").FullName;
    private const int Rows = 2500, Dim = 16;

    private static VectorBatch Batch()
    {
        var rng = new Random(3);
        var valid = Enumerable.Range(0, Rows).Select(i => i % 7 != 0).ToArray();
        return new VectorBatch([
            new ScalarColumn<long>("id", MilvusDataType.Int64, Enumerable.Range(0, Rows).Select(i => i * 31L - 40_000).ToArray()),
            // Half quantized (compresses), half random normal-ish (mostly does not): both paths of the codec.
            new FloatVectorColumn("embedding", Dim, Enumerable.Range(0, Rows * Dim).Select(i => i < Rows * Dim / 2 ? MathF.Round(MathF.Sin(i), 1) : (float)(rng.NextDouble() * 2 - 1)).ToArray()),
            new ScalarColumn<long>("year", MilvusDataType.Int64, Enumerable.Range(0, Rows).Select(i => 1900L + i % 120).ToArray(), valid),
            new ScalarColumn<double>("score", MilvusDataType.Double, Enumerable.Range(0, Rows).Select(i => i / 3.0).ToArray()),
            new ScalarColumn<bool>("flag", MilvusDataType.Bool, Enumerable.Range(0, Rows).Select(i => i % 3 == 0).ToArray()),
            new ScalarColumn<string>("title", MilvusDataType.VarChar, Enumerable.Range(0, Rows).Select(i => $"t{i} é").ToArray()),
        ]);
    }

    private static async Task<JsonElement> Python(string script, string file)
    {
        var run = await ProcessRunner.RunAsync("/usr/bin/python3", [Path.Combine(RepoPaths.Root, "tests", "fixtures", script), file], RepoPaths.Root, TimeSpan.FromMinutes(1));
        Assert.True(run.ExitCode == 0, run.StdErr);
        return JsonDocument.Parse(run.StdOut).RootElement;
    }

    [Theory]
    [InlineData(Hdf5Compression.Gzip, "gzip")]
    [InlineData(Hdf5Compression.Lzf, "lzf")]
    public async Task H5pyAndWeReadCompressedFilesBackExactly(Hdf5Compression compression, string h5pyName)
    {
        var batch = Batch();
        var spec = BatchSchema.Infer(batch, "z", "id");
        string path = Path.Combine(_dir, $"{h5pyName}.h5");
        using (var sink = new Hdf5FileSink(path, overwrite: false, "L2", compression))
        {
            await sink.PrepareAsync(spec, CancellationToken.None);
            for (int at = 0; at < Rows; at += 700) await sink.WriteAsync(batch.Slice(at, Math.Min(700, Rows - at)), CancellationToken.None);
            await sink.CompleteAsync(CancellationToken.None);
        }

        var filters = await Python("check_hdf5_filters.py", path);
        foreach (var name in new[] { "ids", "embeddings", "year", "year.valid", "score", "flag" })
        {
            Assert.Equal(h5pyName, filters.GetProperty(name).GetProperty("compression").GetString());
            Assert.True(filters.GetProperty(name).GetProperty("shuffle").GetBoolean());
        }
        var ids = filters.GetProperty("ids");
        Assert.True(ids.GetProperty("stored_bytes").GetInt64() < ids.GetProperty("raw_bytes").GetInt64() / 2, ids.ToString());
        Assert.Equal(JsonValueKind.Null, filters.GetProperty("title").GetProperty("compression").ValueKind);   // text stays uncompressed

        var h5 = (await Python("check_hdf5.py", path)).GetProperty("datasets");
        Assert.Equal(((ScalarColumn<long>)batch["id"]!).Values, h5.GetProperty("ids").GetProperty("values").EnumerateArray().Select(v => v.GetInt64()));
        Assert.Equal(((FloatVectorColumn)batch["embedding"]!).Data, h5.GetProperty("embeddings").GetProperty("values").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => v.GetSingle()));
        Assert.Equal(((ScalarColumn<double>)batch["score"]!).Values, h5.GetProperty("score").GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(((ScalarColumn<bool>)batch["flag"]!).Values, h5.GetProperty("flag").GetProperty("values").EnumerateArray().Select(v => v.GetInt32() == 1));
        Assert.Equal(batch["year"]!.Validity!, h5.GetProperty("year.valid").GetProperty("values").EnumerateArray().Select(v => v.GetInt32() == 1));
        Assert.Equal(((ScalarColumn<long>)batch["year"]!).Values.Where((_, i) => batch["year"]!.Validity![i]),
            h5.GetProperty("year").GetProperty("values").EnumerateArray().Select(v => v.GetInt64()).Where((_, i) => batch["year"]!.Validity![i]));

        var source = new Hdf5VectorSource(path);
        await source.DescribeAsync(CancellationToken.None);
        var back = new List<VectorBatch>();
        await foreach (var b in source.ReadAsync(null, 900, CancellationToken.None)) back.Add(b);
        foreach (var column in batch.Columns)
            for (int i = 0; i < Rows; i += 13)
                Milvus.AllTypesRoundTripTests.AssertValueEqual(column.GetValue(i), back[i / 900][column.Name]!.GetValue(i % 900), $"{column.Name}[{i}]");
        Assert.Equal(((FloatVectorColumn)batch["embedding"]!).Data, back.SelectMany(b => ((FloatVectorColumn)b["embedding"]!).Data));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
