using System.Management.Automation;
using MilvusDM.Core.Tasks;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Validates task files without running anything: every unknown key, wrong type, missing or contradictory key, with its line and column.</para>
/// <para type="description">Reads both forms: the Python MilvusDM's (F2M, H2M, M2M, M2H) and MilvusDM's own (steps). Each problem is also written as an error (TaskFileInvalid).</para>
/// </summary>
/// <example><code>Test-MilvusDMTask ./tasks/*.yaml</code><para>Checks task files without running them; every error names its key, line and column.</para></example>
[Cmdlet(VerbsDiagnostic.Test, "MilvusDMTask")]
[OutputType(typeof(MilvusTaskValidation))]
public sealed class TestMilvusDMTaskCommand : MilvusDMCmdlet
{
    /// <summary>A task file's user is told of its keys (allow_lossy: true), not of cmdlet parameters.</summary>
    internal override Core.Errors.RemedyStyle RemedyStyle => Core.Errors.RemedyStyle.TaskFile;

    /// <summary>Task files (YAML) to check; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveFiles(Path, "TaskFileNotFound"))
        {
            var (plan, errors) = TaskFile.Load(file);
            foreach (var e in errors)
                WriteError(new Core.Errors.MilvusDMException(Core.Errors.MilvusDMErrorKind.ParseError, "TaskFileInvalid", e.ToString(), "Correct the key named at that line."), $"{file}:{e.Line}");
            WriteObject(new MilvusTaskValidation
            {
                Path = file,
                Valid = plan is not null,
                Form = plan?.Form,
                Steps = plan?.Steps.Select(s => s.Describe()).ToArray() ?? [],
                Notes = plan?.Notes.ToArray() ?? [],
                Errors = errors.Select(e => new MilvusTaskFileError { Key = e.Key, Line = e.Line, Column = e.Column, Message = e.Message }).ToArray(),
            });
        }
    }
}
