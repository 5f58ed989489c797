using System.Management.Automation;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// Where a file cmdlet reads: files, wildcards or folders by -Path (Get-ChildItem output binds by FullName), or one
/// folder by -Directory. The base of a format's read parameters.
/// </summary>
public abstract class FileSetParameters
{
    internal const string PathSet = "Path", DirectorySet = "Directory";

    /// <summary>Files, wildcards or folders (a folder means its files of this format); Get-ChildItem output binds by FullName.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>A folder whose files of this format are all read (the old tool's data_dir).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DirectorySet)]
    [ValidateNotNullOrEmpty]
    public string? Directory { get; set; }

    /// <summary>The files named, folders expanded to their files of <paramref name="kind"/>; a pattern that matches nothing is an error with the kind's id.</summary>
    internal IEnumerable<string> Files(MilvusDMCmdlet cmdlet, Core.Jobs.FileSource kind) =>
        cmdlet.ResolveFiles(Directory is null ? Path : [.. Path, Directory], kind.NotFoundId, kind.FilesIn);
}
