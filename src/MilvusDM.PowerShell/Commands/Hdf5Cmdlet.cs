using System.Management.Automation;
using MilvusDM.PowerShell.Internal;
using MilvusDM.Core.Hdf5;

namespace MilvusDM.PowerShell.Commands;

/// <summary>Shared parameters of the cmdlets that read HDF5 files: paths or folders, and which datasets to read.</summary>
public abstract class Hdf5Cmdlet : MilvusDMCmdlet
{
    internal const string PathSet = "Path", DirectorySet = "Directory";

    /// <summary>Files, wildcards or folders (a folder means its .h5/.hdf5 files); Get-ChildItem output binds by FullName.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>A folder whose .h5/.hdf5 files are all read (the old tool's data_dir).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DirectorySet)]
    [ValidateNotNullOrEmpty]
    public string? Directory { get; set; }

    /// <summary>Vector dataset (default: embeddings, or train for ann-benchmarks files; e.g. test).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Dataset { get; set; }

    /// <summary>Id dataset (default: ids when present; else ids are generated from 0).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IdDataset { get; set; }

    /// <summary>1-D datasets to import as scalar fields of the same name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] ScalarDataset { get; set; } = [];

    /// <summary>Milvus metric to use instead of the file's.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(MetricTypeCompleter))]
    public string? MetricType { get; set; }

    /// <summary>Import files whose ids repeat instead of failing (every row is stored; a key then exists more than once).</summary>
    [Parameter]
    public SwitchParameter AllowDuplicateIds { get; set; }

    internal Hdf5ReadOptions ReadOptions => new() { Dataset = Dataset, IdDataset = IdDataset, ScalarDatasets = ScalarDataset, MetricType = MetricType, AllowDuplicateIds = AllowDuplicateIds };

    /// <summary>Files from -Path and -Directory, folders expanded to their .h5/.hdf5 files.</summary>
    protected IEnumerable<string> ResolvedFiles()
    {
        var patterns = Directory is null ? Path : [.. Path, Directory];
        return ResolveFiles(patterns, "Hdf5FileNotFound", Hdf5Import.FilesIn);
    }
}
