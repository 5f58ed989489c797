using System.Management.Automation;
using MilvusDM.Core.Hdf5;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// The parameters of every cmdlet that reads HDF5 files (Get-Hdf5Info, Read-Hdf5, Import-Hdf5): paths or a folder,
/// and which datasets to read. One object, offered by each of them as its dynamic parameters.
/// </summary>
public sealed class Hdf5ReadParameters
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

    /// <summary>Read files whose ids repeat instead of failing (every row is kept; a key then exists more than once).</summary>
    [Parameter]
    public SwitchParameter AllowDuplicateIds { get; set; }

    internal Hdf5ReadOptions Options(string? metric) =>
        new() { Dataset = Dataset, IdDataset = IdDataset, ScalarDatasets = ScalarDataset, MetricType = metric, AllowDuplicateIds = AllowDuplicateIds };

    /// <summary>Files from -Path and -Directory, folders expanded to their .h5/.hdf5 files.</summary>
    internal IEnumerable<string> Files(MilvusDMCmdlet cmdlet) =>
        cmdlet.ResolveFiles(Directory is null ? Path : [.. Path, Directory], "Hdf5FileNotFound", Hdf5Import.FilesIn);
}
