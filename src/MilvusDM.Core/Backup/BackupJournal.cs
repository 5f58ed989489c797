namespace MilvusDM.Core.Backup;

/// <summary>
/// <c>progress.json</c>: the files a backup has finished, per file group, rewritten (atomically) after each file, so a
/// resumed backup skips what is done and restarts only the file that was being written.
/// </summary>
internal sealed record BackupJournal
{
    public const string FileName = "progress.json";

    public Dictionary<string, JournalGroup> Groups { get; init; } = new(StringComparer.Ordinal);

    public static async Task<BackupJournal> LoadAsync(string folder, CancellationToken ct)
    {
        string path = Path.Combine(folder, FileName);
        return File.Exists(path) ? await BackupJson.ReadAsync<BackupJournal>(path, "BackupJournalDamaged", ct).ConfigureAwait(false) : new BackupJournal();
    }

    /// <summary>Writes are serialised: groups of several collections may finish files at the same time.</summary>
    public async Task SaveAsync(string folder, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try { await BackupJson.WriteAtomicallyAsync(Path.Combine(folder, FileName), this, ct).ConfigureAwait(false); }
        finally { _gate.Release(); }
    }

    private readonly SemaphoreSlim _gate = new(1, 1);
}

internal sealed record JournalGroup
{
    public bool Done { get; set; }
    public List<BackupFile> Files { get; init; } = [];
}
