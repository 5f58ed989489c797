using MilvusDM.Core.Jobs;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Commands;

namespace MilvusDM.PowerShell.Internal;

/// <summary>How a cmdlet reports one result of a job: where it wrote, what an error names, how a failed check is worded.</summary>
/// <remarks>Each function gets the unit's name (a file, a collection) and its result.</remarks>
internal sealed record ResultWording(Func<string, TransferResult, ResultTarget> Target, Func<string, TransferResult, VerifyWording?>? Verify = null);

/// <summary>
/// A cmdlet as the host of a Core job: confirmations run on the pipeline thread (ShouldProcess, and the Overwrite
/// prompt unless -Force), progress becomes progress records, and each result is written as soon as its unit ends.
/// </summary>
internal static class CmdletJobHost
{
    public static JobHost For(MilvusDMCmdlet cmdlet, string activity, bool force, ResultWording wording) => new()
    {
        Confirm = (plan, _) => cmdlet.OnPipelineThread(() => cmdlet.ConfirmWrite(plan.Target, plan.Action, plan.Mode.ToString(), force,
            plan.ExistingRows is { } rows ? () => cmdlet.Run(rows) : null)),
        Progress = TransferProgressReporter.ForJob(cmdlet, activity),
        Completed = (unit, r) => cmdlet.Post(() => ResultWriter.Write(cmdlet, r, wording.Target(unit, r), unit, wording.Verify?.Invoke(unit, r))),
    };
}
