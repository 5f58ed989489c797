using System.Text.Json;
using MilvusDM.Core.Backup;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Parquet;

namespace MilvusDM.Core.Tests.Backup;

/// <summary>The manifest's JSON keeps a collection description whole: every field attribute, typed default values, functions, struct members.</summary>
public sealed class BackupManifestTests
{
    [Fact]
    public void ACollectionSpecRoundTripsThroughTheManifestJson()
    {
        var spec = ParquetTestData.EveryTypeSpec() with
        {
            NumPartitions = 0, ShardsNum = 2, Partitions = ["_default", "p1"], Aliases = ["a1"],
            Indexes = [new IndexSpec { FieldName = "fv", IndexName = "fv_idx", IndexType = "HNSW", MetricType = "COSINE", Params = new Dictionary<string, string> { ["M"] = "16" } }],
        };
        var manifest = new BackupManifest
        {
            ServerAddress = "http://h:19530/", CreatedUtc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            Databases = [new BackupDatabase { Name = "lab", Properties = new Dictionary<string, string> { ["database.replica.number"] = "1" },
                Collections = [new BackupCollection { Spec = spec, LoadState = LoadState.Loaded, PartitionRows = new Dictionary<string, long> { ["p1"] = 3 },
                    Groups = [new BackupFileGroup { Partition = "p1", Folder = "lab/every/p1", Files = [new BackupFile("lab/every/p1/part-00000.parquet", 3, 100, "ab", 1L, 9L, "00000000000000ff")] }] }] }],
        };
        string json = JsonSerializer.Serialize(manifest, BackupJson.Options);
        var back = JsonSerializer.Deserialize<BackupManifest>(json, BackupJson.Options)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, BackupJson.Options));
        Assert.DoesNotContain("PrimaryField", json);

        var fields = back.Databases[0].Collections[0].Spec.Fields;
        Assert.Equal(spec.Fields.Select(f => f.DefaultValue?.GetType()), fields.Select(f => f.DefaultValue?.GetType()));
        Assert.Equal(spec.Fields.Select(f => f.DefaultValue), fields.Select(f => f.DefaultValue));
        Assert.Equal("true", fields.Single(f => f.Name == "title").ExtraTypeParams["enable_analyzer"]);
        Assert.True(fields.Single(f => f.Name == "lvl").IsClusteringKey);
        Assert.Equal(3, fields.Single(f => f.Name == "chunks").StructFields.Count);
        Assert.Equal(["title"], back.Databases[0].Collections[0].Spec.Functions.Single().InputFieldNames);
        var file = back.Databases[0].Collections[0].Groups[0].Files[0];
        Assert.Equal((1L, 9L), (file.FirstKey, file.LastKey));
        Assert.Equal("00000000000000ff", back.Databases[0].Collections[0].Groups[0].RowDigest);
    }
}
