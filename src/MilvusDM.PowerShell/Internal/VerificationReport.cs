using MilvusDM.Core.Errors;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Commands;

namespace MilvusDM.PowerShell.Internal;

/// <summary>How every transfer cmdlet tells a verification: a VerificationFailed error with the report, or the report in verbose output.</summary>
internal static class VerificationReport
{
    public static void Write(MilvusDMCmdlet cmdlet, TransferResult r, string subject, string remedy, object? target)
    {
        if (r.Verified == false && r.Verification is { } failed)
            cmdlet.WriteError(new MilvusDMException(MilvusDMErrorKind.InvalidData, "VerificationFailed", $"{subject} did not verify: {failed}", remedy), target);
        else if (r.Verified == true && r.Verification is { } verified)
            cmdlet.WriteVerbose("Verified: " + verified);
    }
}
