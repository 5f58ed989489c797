using System.Management.Automation;

namespace MilvusDM.PowerShell.Internal;

/// <summary>ShouldProcess for a removal: -Force skips the prompt (unless -Confirm is given too); -WhatIf still only reports.</summary>
internal static class Confirmation
{
    public static bool ShouldRemove(PSCmdlet cmdlet, string target, string action, bool force)
    {
        var bound = cmdlet.MyInvocation.BoundParameters;
        bool whatIf = bound.TryGetValue("WhatIf", out var w) && w is SwitchParameter { IsPresent: true };
        bool confirm = bound.TryGetValue("Confirm", out var c) && c is SwitchParameter { IsPresent: true };
        if (force && !whatIf && !confirm) return true;
        return cmdlet.ShouldProcess(target, action);
    }
}
