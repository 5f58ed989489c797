using System.Collections.Concurrent;

namespace MilvusDM.Core.Backup;

/// <summary>
/// <c>progress.json</c>: the files a backup has finished, per file group, rewritten (atomically) after each file, so a
/// resumed backup skips what is done and restarts only the file that was being written.
/// </summary>
internal sealed record BackupJournal
{
    public const string FileName = "progress.json";

    /// <summary>Concurrent: the partitions of a collection are backed up at the same time.</summary>
    public ConcurrentDictionary<string, JournalGroup> Groups { get; init; } = new(StringComparer.Ordinal);

    public static async Task<BackupJournal> LoadAsync(string folder, CancellationToken ct)
    {
        string path = Path.Combine(folder, FileName);
        return File.Exists(path) ? await BackupJson.ReadAsync<BackupJournal>(path, "BackupJournalDamaged", ct).ConfigureAwait(false) : new BackupJournal();
    }

    /// <summary>
    /// Applies <paramref name="change"/> and writes the journal, one caller at a time: partitions backed up at the same
    /// time finish files at the same time, and a group must not change while the journal is being written.
    /// </summary>
    public async Task UpdateAsync(string folder, Action change, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            change();
            Directory.CreateDirectory(folder);
            await BackupJson.WriteAtomicallyAsync(Path.Combine(folder, FileName), this, ct).ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }

    public Task SaveAsync(string folder, CancellationToken ct) => UpdateAsync(folder, () => { }, ct);

    private readonly SemaphoreSlim _gate = new(1, 1);
}

internal sealed record JournalGroup
{
    public bool Done { get; set; }
    public List<BackupFile> Files { get; init; } = [];
}
