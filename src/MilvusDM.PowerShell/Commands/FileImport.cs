using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>What an Import-* cmdlet asks of <see cref="FileImport.Run"/>.</summary>
internal sealed record FileImportRequest(string Kind, MilvusConnection Connection, MilvusClient Client, string Collection, string? Partition, string Mode, bool Force, bool Load, int BatchSize, int ThrottleLimit,
    bool Resume, Func<string, MilvusSinkOptions, TransferOptions, IProgress<TransferProgress>, CancellationToken, Task<TransferResult>> RunOne);

/// <summary>
/// The per-file loop shared by the Import-* cmdlets: confirmation, the first file honouring -Mode and the rest
/// appending (as the old MilvusDM did), progress id 1 per file, one transfer result per file, errors per file.
/// </summary>
internal static class FileImport
{
    public static void Run(MilvusDMCmdlet cmdlet, FileImportRequest r, IEnumerable<string> files, ref bool firstDone)
    {
        foreach (var file in files)
        {
            string mode = firstDone ? "Append" : r.Mode;
            string target = $"collection '{r.Collection}' in database '{r.Client.Database}' on {r.Client.Address}";
            if (!cmdlet.ConfirmWrite(target, $"Import {r.Kind} '{file}' (mode {mode})", mode, r.Force, () => cmdlet.Run(ct => r.Client.ExistingRowCountAsync(r.Collection, ct)))) continue;
            var sink = new MilvusSinkOptions { CollectionName = r.Collection, PartitionName = r.Partition, Mode = Enum.Parse<WriteMode>(mode), Load = r.Load };
            var transfer = new TransferOptions { BatchRows = r.BatchSize, ThrottleLimit = r.ThrottleLimit }.Persisted(r.Resume);
            var progress = TransferProgressReporter.For(cmdlet, 1, $"Importing {file} into '{r.Collection}'");
            try
            {
                var result = cmdlet.Run(ct => r.RunOne(file, sink, transfer, progress, ct));
                cmdlet.Progress.Complete(1);
                ResultWriter.Write(cmdlet, result, new ResultTarget(r.Collection, r.Partition, r.Connection, r.Client.Database), file,
                    new VerifyWording($"Import of '{file}'", "Import the file again with -Mode Upsert (or -Mode Overwrite for a single file)."));
                if (result.Status == TransferStatus.Succeeded) firstDone = true;
            }
            catch (Exception e) when (!cmdlet.IsStop(e))
            {
                cmdlet.WriteError(e, file);
            }
        }
    }
}
