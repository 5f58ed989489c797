using System.Management.Automation;

namespace MilvusDM.PowerShell.Commands;

/// <summary>The parameters of the cmdlets that read Parquet files (Import-Parquet): files or a folder, offered as dynamic parameters.</summary>
public sealed class ParquetReadParameters
{
    internal const string PathSet = "Path", DirectorySet = "Directory";

    /// <summary>Parquet files, wildcards or folders (a folder means its .parquet files); Get-ChildItem output binds by FullName.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>A folder whose .parquet files are all read (e.g. one partition of Export-MilvusCollection -Format Parquet).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DirectorySet)]
    [ValidateNotNullOrEmpty]
    public string? Directory { get; set; }

    internal IEnumerable<string> Files(MilvusDMCmdlet cmdlet) =>
        cmdlet.ResolveFiles(Directory is null ? Path : [.. Path, Directory], "ParquetFileNotFound", Core.Jobs.FileSource.ParquetFilesIn);
}
