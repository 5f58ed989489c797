using System.Security.Cryptography;
using MilvusDM.Core.Errors;
using Parquet;

namespace MilvusDM.Core.Backup;

/// <summary>What the check of one backup file found: null <see cref="Error"/> when it is as the manifest records it.</summary>
public sealed record BackupFileCheck(string Database, string Collection, string? Partition, string Path, long Rows, long Bytes, MilvusDMException? Error)
{
    public bool Ok => Error is null;
}

/// <summary>
/// Test-MilvusBackup: every data file of the manifest is there, has the recorded size and SHA-256, and holds the
/// recorded number of rows (read from its Parquet footer).
/// </summary>
public static class BackupCheck
{
    public static async Task<IReadOnlyList<BackupFileCheck>> RunAsync(string folder, IProgress<(int Done, int Count)>? progress, CancellationToken ct)
    {
        var manifest = await BackupFolder.ReadManifestAsync(folder, ct).ConfigureAwait(false);
        var files = manifest.Collections.SelectMany(x => x.Collection.Groups.SelectMany(g => g.Files.Select(f => (x.Database.Name, x.Collection.Spec.Name, g.Partition, f)))).ToList();
        var checks = new List<BackupFileCheck>();
        foreach (var (db, collection, partition, file) in files)
        {
            checks.Add(new BackupFileCheck(db, collection, partition, file.Path, file.Rows, file.Bytes, await CheckAsync(folder, file, ct).ConfigureAwait(false)));
            progress?.Report((checks.Count, files.Count));
        }
        return checks;
    }

    private static async Task<MilvusDMException?> CheckAsync(string folder, BackupFile file, CancellationToken ct)
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
            return rows == file.Rows ? null : BackupFolder.Damaged(path, $"it holds {rows:N0} rows, the manifest records {file.Rows:N0}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            return BackupFolder.Damaged(path, $"it cannot be read as Parquet ({e.Message})");
        }
    }
}
