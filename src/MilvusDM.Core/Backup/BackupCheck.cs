using System.Security.Cryptography;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using MilvusDM.Core.Parquet;
using Parquet;
using Parquet.Schema;

namespace MilvusDM.Core.Backup;

/// <summary>What the check of one backup file found: null <see cref="Error"/> when it is as the manifest records it.</summary>
public sealed record BackupFileCheck(string Database, string Collection, string? Partition, string Path, long Rows, long Bytes, MilvusDMException? Error)
{
    public bool Ok => Error is null;
}

/// <summary>
/// Test-MilvusBackup: every data file of the manifest is there, has the recorded size and SHA-256, holds the
/// recorded number of rows (read from its Parquet footer), and has the columns the manifest's schema writes, with
/// their Parquet types.
/// </summary>
public static class BackupCheck
{
    public static async Task<IReadOnlyList<BackupFileCheck>> RunAsync(string folder, IProgress<(int Done, int Count)>? progress, CancellationToken ct)
    {
        var manifest = await BackupFolder.ReadManifestAsync(folder, ct).ConfigureAwait(false);
        var files = manifest.Collections.SelectMany(x => x.Collection.Groups.SelectMany(g => g.Files.Select(f => (x.Database.Name, x.Collection.Spec, g.Partition, f)))).ToList();
        var schemas = new Dictionary<CollectionSpec, ParquetSchema>(ReferenceEqualityComparer.Instance);
        var checks = new List<BackupFileCheck>();
        foreach (var (db, spec, partition, file) in files)
        {
            if (!schemas.TryGetValue(spec, out var schema)) schemas[spec] = schema = ParquetLayout.SchemaFor(spec);
            checks.Add(new BackupFileCheck(db, spec.Name, partition, file.Path, file.Rows, file.Bytes, await CheckAsync(folder, file, schema, ct).ConfigureAwait(false)));
            progress?.Report((checks.Count, files.Count));
        }
        return checks;
    }

    private static async Task<MilvusDMException?> CheckAsync(string folder, BackupFile file, ParquetSchema expected, CancellationToken ct)
    {
        if (BackupFolder.QuickCheck(folder, file) is { } quick) return quick;
        string path = BackupFolder.PathOf(folder, file);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        string sha = Convert.ToHexString(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false)).ToLowerInvariant();
        if (sha != file.Sha256) return BackupFolder.Damaged(path, $"its SHA-256 is {sha}, the manifest records {file.Sha256}");
        stream.Position = 0;
        try
        {
            await using var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: ct).ConfigureAwait(false);
            long rows = reader.Metadata?.NumRows ?? 0;
            if (rows != file.Rows) return BackupFolder.Damaged(path, $"it holds {rows:N0} rows, the manifest records {file.Rows:N0}");
            return reader.Schema.Equals(expected) ? null : BackupFolder.Damaged(path,
                $"its columns are {Describe(reader.Schema)}; the manifest's schema writes {Describe(expected)}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            return BackupFolder.Damaged(path, $"it cannot be read as Parquet ({e.Message})");
        }
    }

    private static string Describe(ParquetSchema schema) => string.Join(", ", schema.Fields.Select(f => f is DataField d ? $"{d.Name} ({d.ClrType.Name}{(d.IsNullable ? "?" : "")})" : $"{f.Name} ({f.SchemaType})"));
}
