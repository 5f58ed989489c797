using System.Management.Automation;
using MilvusDM.Core.Faiss;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// The parameters of every cmdlet that reads Faiss files (Get-FaissIndexInfo, Read-FaissIndex, Import-FaissIndex):
/// paths, and what to accept. One object, offered by each of them as its dynamic parameters.
/// </summary>
public sealed class FaissReadParameters
{
    /// <summary>Faiss index files; wildcards allowed; accepts Get-ChildItem output (FullName).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Import Faiss's reconstruction of lossy codes (SQ, PQ).</summary>
    [Parameter]
    public SwitchParameter AllowLossy { get; set; }

    /// <summary>Import vectors in the transformed space of a non-invertible PreTransform (PCA…).</summary>
    [Parameter]
    public SwitchParameter AllowTransformed { get; set; }

    /// <summary>Keep ids that appear more than once instead of failing.</summary>
    [Parameter]
    public SwitchParameter AllowDuplicateIds { get; set; }

    internal FaissReadOptions Options(string? metric) => new()
    {
        AllowLossy = AllowLossy, AllowTransformed = AllowTransformed, AllowDuplicateIds = AllowDuplicateIds, MetricType = metric,
    };

    /// <summary>The files the -Path patterns name; a pattern that matches nothing is an error for that pattern.</summary>
    internal IEnumerable<string> Files(MilvusDMCmdlet cmdlet) => cmdlet.ResolveFiles(Path, "FaissFileNotFound");
}
