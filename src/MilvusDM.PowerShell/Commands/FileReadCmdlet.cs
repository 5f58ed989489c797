using System.Management.Automation;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>Base of the cmdlets that only read files: the format's read parameters, plus -MetricType (the metric to report or use).</summary>
public abstract class FileReadCmdlet<TRead> : MilvusDMCmdlet, IDynamicParameters where TRead : class, new()
{
    protected TRead Read { get; } = new();

    public object GetDynamicParameters() => Read;

    /// <summary>Milvus metric to use instead of the file's (L2, IP, COSINE; HAMMING or JACCARD for binary vectors).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(MetricTypeCompleter))]
    public string? MetricType { get; set; }
}

/// <summary>Base of the Import-* cmdlets: the write parameters of <see cref="CollectionWriteCmdlet"/> and the format's read parameters.</summary>
public abstract class FileImportCmdlet<TRead> : CollectionWriteCmdlet, IDynamicParameters where TRead : class, new()
{
    protected TRead Read { get; } = new();

    public object GetDynamicParameters() => Read;

    /// <summary>The Milvus collection to write into; created from the file's schema when it does not exist.</summary>
    [Parameter(Mandatory = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string CollectionName { get; set; } = "";

    /// <summary>Continue an interrupted import from its checkpoints: committed rows are not sent again, finished files are skipped.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>After each file, prove the collection holds exactly its rows (ErrorId VerificationFailed names the keys that differ).</summary>
    [Parameter]
    public SwitchParameter Verify { get; set; }

    private readonly List<string> _files = [];

    /// <summary>Files named by this call's input (paths, wildcards, folders, piped files), in order.</summary>
    protected abstract IEnumerable<string> ResolvedFiles();

    /// <summary>The kind of file and how to open one.</summary>
    internal abstract Core.Jobs.FileSource Source { get; }

    protected override void ProcessRecord() => _files.AddRange(ResolvedFiles());

    /// <summary>All the files, piped or named, go through one job: -Mode applies until one is imported, and the collection is flushed and loaded once.</summary>
    protected override void Finish()
    {
        if (_files.Count == 0) return;
        var client = TargetClient;
        var connection = TargetConnection;
        var options = new Core.Jobs.FileImportOptions
        {
            Client = client, Source = Source, Files = _files, Collection = CollectionName, Partition = PartitionName, Mode = CoreMode,
            IndexType = IndexType, Load = Load, Verify = Verify, Transfer = TransferOptions(Resume),
        };
        var host = CmdletJobHost.For(this, $"Importing into '{CollectionName}'", Force, new ResultWording(
            (_, _) => new ResultTarget(CollectionName, PartitionName, connection, client.Database),
            (file, _) => new VerifyWording($"Import of '{file}'", "Import the file again with -Mode Upsert (or -Mode Overwrite for a single file).")));
        try
        {
            Run(ct => Core.Jobs.FileImportJob.RunAsync(options, host, ct));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, CollectionName);
        }
    }
}
