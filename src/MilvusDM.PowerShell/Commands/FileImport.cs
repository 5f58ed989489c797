using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>What an Import-* cmdlet asks of <see cref="FileImport.Run"/>.</summary>
internal sealed record FileImportRequest(string Kind, MilvusConnection Connection, MilvusClient Client, string Collection, string? Partition, string Mode, bool Force, bool Load, int BatchSize, int ThrottleLimit,
    bool Resume, Func<string, MilvusSinkOptions, TransferOptions, IProgress<TransferProgress>, CancellationToken, Task<TransferResult>> RunOne);

/// <summary>What one Import-* command has done so far, across the files of all its pipeline input.</summary>
internal sealed class FileImportState
{
    /// <summary>A file was imported: the next ones append (-Mode applies to the first).</summary>
    public bool FirstDone;

    /// <summary>Files started so far.</summary>
    public int Started;
}

/// <summary>
/// The per-file loop shared by the Import-* cmdlets: confirmation, the first file honouring -Mode and the rest
/// appending (as the old MilvusDM did), one transfer result per file, errors per file. Progress: a record per file
/// (id 1) under a parent that counts the files (id 10) once there is more than one.
/// </summary>
internal static class FileImport
{
    private const int FilesActivity = 10;

    public static void Run(MilvusDMCmdlet cmdlet, FileImportRequest r, IEnumerable<string> files, FileImportState state)
    {
        var list = files.ToList();
        foreach (var file in list)
        {
            state.Started++;
            bool many = list.Count > 1 || state.Started > 1;
            if (many)
                cmdlet.Progress.Update(FilesActivity, $"Importing {r.Kind} files into '{r.Collection}'",
                    $"file {state.Started}{(list.Count > 1 ? $" of {list.Count}" : "")}: {Path.GetFileName(file)}",
                    list.Count > 1 ? (state.Started - 1) * 100 / list.Count : null, force: true);
            string mode = state.FirstDone ? "Append" : r.Mode;
            string target = $"collection '{r.Collection}' in database '{r.Client.Database}' on {r.Client.Address}";
            if (!cmdlet.ConfirmWrite(target, $"Import {r.Kind} '{file}' (mode {mode})", mode, r.Force, () => cmdlet.Run(ct => r.Client.ExistingRowCountAsync(r.Collection, ct)))) continue;
            var sink = new MilvusSinkOptions { CollectionName = r.Collection, PartitionName = r.Partition, Mode = Enum.Parse<WriteMode>(mode), Load = r.Load };
            var transfer = new TransferOptions { BatchRows = r.BatchSize, ThrottleLimit = r.ThrottleLimit }.Persisted(r.Resume);
            var progress = TransferProgressReporter.For(cmdlet, 1, $"Importing into '{r.Collection}'", many ? FilesActivity : -1, operation: file);
            try
            {
                var result = cmdlet.Run(ct => r.RunOne(file, sink, transfer, progress, ct));
                cmdlet.Progress.Complete(1);
                ResultWriter.Write(cmdlet, result, new ResultTarget(r.Collection, r.Partition, r.Connection, r.Client.Database), file,
                    new VerifyWording($"Import of '{file}'", "Import the file again with -Mode Upsert (or -Mode Overwrite for a single file)."));
                if (result.Status == TransferStatus.Succeeded) state.FirstDone = true;
            }
            catch (Exception e) when (!cmdlet.IsStop(e))
            {
                cmdlet.WriteError(e, file);
            }
        }
    }
}
