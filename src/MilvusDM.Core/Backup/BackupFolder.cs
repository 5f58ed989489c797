using MilvusDM.Core.Errors;

namespace MilvusDM.Core.Backup;

/// <summary>A backup folder as readers see it: its manifest, and where its files are on disk.</summary>
public static class BackupFolder
{
    /// <summary>The manifest; a folder without one is an error saying whether the backup is unfinished or not there at all.</summary>
    public static async Task<BackupManifest> ReadManifestAsync(string folder, CancellationToken ct)
    {
        folder = Path.GetFullPath(folder);
        string path = Path.Combine(folder, BackupManifest.FileName);
        if (!File.Exists(path))
            throw File.Exists(Path.Combine(folder, BackupJournal.FileName))
                ? new MilvusDMException(MilvusDMErrorKind.InvalidOperation, "BackupUnfinished",
                    $"The backup in '{folder}' is unfinished: it has no {BackupManifest.FileName} yet.", "Finish it: back it up again with {Resume}, then try again.")
                : new MilvusDMException(MilvusDMErrorKind.NotFound, "BackupManifestMissing",
                    $"'{folder}' holds no MilvusDM backup: {BackupManifest.FileName} is missing.", "Name the folder Backup-Milvus wrote.");
        var manifest = await BackupJson.ReadAsync<BackupManifest>(path, "BackupManifestDamaged", ct).ConfigureAwait(false);
        if (manifest.FormatVersion > BackupManifest.CurrentFormatVersion)
            throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "BackupFormatTooNew",
                $"The backup in '{folder}' has format version {manifest.FormatVersion}; this MilvusDM reads up to {BackupManifest.CurrentFormatVersion}.", "Update MilvusDM.");
        return manifest;
    }

    public static string PathOf(string folder, BackupFile file) => Path.Combine(Path.GetFullPath(folder), file.Path.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>A file that is missing or not of the recorded size (the cheap check a restore makes before writing anything).</summary>
    internal static MilvusDMException? QuickCheck(string folder, BackupFile file)
    {
        var info = new FileInfo(PathOf(folder, file));
        if (!info.Exists) return Missing(info.FullName);
        return info.Length != file.Bytes ? Damaged(info.FullName, $"it has {info.Length:N0} bytes, the manifest records {file.Bytes:N0}") : null;
    }

    internal static MilvusDMException Missing(string path) =>
        new(MilvusDMErrorKind.NotFound, "BackupFileMissing", $"Backup file '{path}' is missing.", "Restore the file from a copy of the backup, or take the backup again.");

    internal static MilvusDMException Damaged(string path, string why) =>
        new(MilvusDMErrorKind.InvalidData, "BackupFileDamaged", $"Backup file '{path}' is damaged: {why}.", "Restore the file from a copy of the backup, or take the backup again.");
}
