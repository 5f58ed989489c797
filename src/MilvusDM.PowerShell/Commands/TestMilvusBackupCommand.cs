using System.Management.Automation;
using MilvusDM.Core.Backup;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Checks a backup written by Backup-Milvus: every data file of its manifest is there and has the recorded size, SHA-256 and row count, and the columns (with their Parquet types) the manifest's schema writes.</para>
/// <para type="description">One result object per file (Status Ok, Missing or Damaged) and an error record per missing or damaged file, so $? and -ErrorAction tell a damaged backup.</para>
/// </summary>
/// <example><code>Test-MilvusBackup ./dump</code><para>Checks every file of the backup.</para></example>
/// <example><code>Test-MilvusBackup ./dump -ErrorAction Stop | Out-Null</code><para>Fails at the first missing or damaged file.</para></example>
[Cmdlet(VerbsDiagnostic.Test, "MilvusBackup")]
[OutputType(typeof(MilvusBackupFileCheck))]
public sealed class TestMilvusBackupCommand : MilvusDMCmdlet
{
    /// <summary>The backup folder (holding manifest.json).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
        string folder = GetUnresolvedProviderPathFromPSPath(Path);
        try
        {
            var checks = Run(ct => BackupCheck.RunAsync(folder, null, ct));
            foreach (var c in checks)
            {
                if (c.Error is { } error) WriteError(error, c.Path);
                WriteObject(new MilvusBackupFileCheck
                {
                    Database = c.Database, Collection = c.Collection, Partition = c.Partition, Path = c.Path, Rows = c.Rows, Bytes = c.Bytes,
                    Status = c.Ok ? "Ok" : c.Error!.ErrorId == "BackupFileMissing" ? "Missing" : "Damaged",
                    Error = c.Error?.Message,
                });
            }
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, folder);
        }
    }
}
