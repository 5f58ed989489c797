using System.Management.Automation;
using MilvusDM.PowerShell.Internal;
using MilvusDM.Core.Faiss;

namespace MilvusDM.PowerShell.Commands;

/// <summary>Shared parameters of the cmdlets that read Faiss files: paths (wildcards, Get-ChildItem input) and what to accept.</summary>
public abstract class FaissCmdlet : MilvusDMCmdlet
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

    /// <summary>Milvus metric to use instead of the index's (L2, IP, COSINE; HAMMING/JACCARD for binary).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(MetricTypeCompleter))]
    public string? MetricType { get; set; }

    internal FaissReadOptions ReadOptions => new()
    {
        AllowLossy = AllowLossy,
        AllowTransformed = AllowTransformed,
        AllowDuplicateIds = AllowDuplicateIds,
        MetricType = MetricType,
    };

    /// <summary>The files the -Path patterns name; a pattern that matches nothing is an error for that pattern.</summary>
    protected IEnumerable<string> ResolvedFiles() => ResolveFiles(Path, "FaissFileNotFound");
}
