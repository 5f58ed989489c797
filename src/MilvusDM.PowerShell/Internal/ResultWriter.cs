using System.Management.Automation;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Commands;

namespace MilvusDM.PowerShell.Internal;

/// <summary>Where a unit of work wrote: the collection (or file) and, for a Milvus target, its server and database.</summary>
internal sealed record ResultTarget(string Collection, string? Partition = null, MilvusConnection? Connection = null, string? Database = null, string? Step = null);

/// <summary>What a failed verification is called and what to do about it.</summary>
internal sealed record VerifyWording(string Subject, string Remedy);

/// <summary>
/// How every transfer cmdlet reports one unit of work: notes go to verbose; a failure is one error record (its
/// notes, such as what was dropped or committed, in the record's text); the result object is written when the
/// unit did not fail or produced something (rows committed), so a failure is never told twice for nothing.
/// </summary>
internal static class ResultWriter
{
    /// <returns>True when the unit failed, was cancelled or did not verify.</returns>
    public static bool Write(MilvusDMCmdlet cmdlet, TransferResult r, ResultTarget target, object? errorTarget, VerifyWording? verify = null)
    {
        foreach (var note in r.Notes) cmdlet.WriteVerbose(note);
        bool produced = r.Rows > 0 || r.Checkpoint is { RowsCommitted: > 0 };
        if (r.Error is { } error)
        {
            var record = ErrorRecords.From(error, errorTarget, cmdlet.RemedyStyle);
            if (r.Notes.Count > 0 && !produced)
                record.ErrorDetails = new ErrorDetails($"{record.ErrorDetails?.Message ?? record.Exception.Message} {string.Join(" ", r.Notes)}")
                    { RecommendedAction = record.ErrorDetails?.RecommendedAction };
            cmdlet.WriteError(record);
        }
        if (verify is not null) VerificationReport.Write(cmdlet, r, verify.Subject, verify.Remedy, errorTarget);
        if (r.Status != TransferStatus.Failed || produced)
            cmdlet.WriteObject(OutputMapper.Transfer(cmdlet.MyInvocation.MyCommand.Name, r, target));
        return r.Status is TransferStatus.Failed or TransferStatus.Cancelled || r.Verified == false;
    }
}
