using System.Management.Automation;
using MilvusDM.Core.Tasks;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Runs task files: the Python MilvusDM's YAML files unchanged (F2M, H2M, M2M, M2H) or MilvusDM's own form (steps), step by step.</para>
/// <para type="description">Progress id 1 follows the task, id 2 the running step. One transfer result per unit of work (file, partition). -WhatIf prints the whole plan. A failed step stops the file unless it says continue_on_error.</para>
/// </summary>
/// <example><code>Invoke-MilvusDMTask ./M2M.yaml</code><para>Runs a task file of the old MilvusDM unchanged.</para></example>
/// <example><code>Invoke-MilvusDMTask ./nightly.yaml -WhatIf</code><para>Shows the plan without running it.</para></example>
[Cmdlet(VerbsLifecycle.Invoke, "MilvusDMTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusTransferResult))]
public sealed class InvokeMilvusDMTaskCommand : MilvusDMCmdlet
{
    /// <summary>A task file's user is told of its keys (allow_lossy: true), not of cmdlet parameters.</summary>
    internal override Core.Errors.RemedyStyle RemedyStyle => Core.Errors.RemedyStyle.TaskFile;

    /// <summary>Task files (YAML); wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Continue an interrupted run: each step picks up from its checkpoints (finished units are skipped, targets kept).</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Overwrite without asking (steps in mode overwrite drop their target).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveFiles(Path, "TaskFileNotFound"))
        {
            var (plan, errors) = TaskFile.Load(file);
            foreach (var e in errors)
                WriteError(new Core.Errors.MilvusDMException(Core.Errors.MilvusDMErrorKind.ParseError, "TaskFileInvalid", e.ToString(), "Run Test-MilvusDMTask and correct the key named at that line."), $"{file}:{e.Line}");
            if (plan is not null) RunPlan(plan);
        }
    }

    private void RunPlan(TaskPlan plan)
    {
        foreach (var note in plan.Notes) WriteWarning($"{plan.File}: {note}");
        for (int i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            string mode = step.Destination is MilvusTaskDestination d ? d.Mode.ToString() : "Append";
            if (!ConfirmWrite(step.Describe(), $"Run step {i + 1} of {plan.Steps.Count} of {plan.File}", mode, Force)) continue;
            Progress.Update(1, $"Task {plan.File}", $"step {i + 1} of {plan.Steps.Count}: {step.Name}", 100 * i / plan.Steps.Count, force: true);
            var progress = TransferProgressReporter.For(this, 2, step.Name, parentId: 1);
            bool failed;
            try
            {
                var results = Run(ct => TaskRunner.RunStepAsync(step, progress, ct, Resume));
                Progress.Complete(2);
                failed = Report(step, results);
            }
            catch (Exception e) when (!IsStop(e))
            {
                Progress.Complete(2);
                WriteError(e, step.Name);
                failed = true;
            }
            if (failed && !step.ContinueOnError)
            {
                if (i + 1 < plan.Steps.Count) WriteWarning($"Step '{step.Name}' failed: the {plan.Steps.Count - i - 1} step(s) after it were not run (set continue_on_error to go on).");
                break;
            }
        }
        Progress.Complete(1);
    }

    /// <summary>Writes the step's results; true when any failed or did not verify.</summary>
    private bool Report(TaskStep step, IReadOnlyList<TransferResult> results)
    {
        bool failed = false;
        string collection = step.Destination is MilvusTaskDestination { Collection: { } c } ? c : "";
        foreach (var r in results)
            failed |= ResultWriter.Write(this, r, new ResultTarget(collection, Step: step.Name), step.Name,
                new VerifyWording($"Step '{step.Name}'{(r.Partition is null ? "" : $" partition '{r.Partition}'")}", "Run the step again with mode overwrite."));
        return failed;
    }
}
