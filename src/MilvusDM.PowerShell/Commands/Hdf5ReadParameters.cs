using System.Management.Automation;
using MilvusDM.Core.Hdf5;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// The parameters of every cmdlet that reads HDF5 files (Get-Hdf5Info, Read-Hdf5, Import-Hdf5): paths or a folder,
/// and which datasets to read. One object, offered by each of them as its dynamic parameters.
/// </summary>
public sealed class Hdf5ReadParameters : FileSetParameters
{
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
    internal IEnumerable<string> Files(MilvusDMCmdlet cmdlet) => Files(cmdlet, Core.Jobs.FileSource.Hdf5(new()));
}
