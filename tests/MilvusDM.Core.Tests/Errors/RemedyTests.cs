using MilvusDM.Core.Errors;

namespace MilvusDM.Core.Tests.Remedies;

/// <summary>Remedies name options in the words of the host that shows them.</summary>
public sealed class RemedyTests
{
    [Theory]
    [InlineData("Use {AllowLossy} to import them.", "Use -AllowLossy to import them.", "Use allow_lossy: true to import them.")]
    [InlineData("Use {Mode Overwrite} to recreate it.", "Use -Mode Overwrite to recreate it.", "Use mode: overwrite to recreate it.")]
    [InlineData("Pass {MetricType} (L2, IP or COSINE).", "Pass -MetricType (L2, IP or COSINE).", "Pass metric (L2, IP or COSINE).")]
    [InlineData("Lower {BatchSize}.", "Lower -BatchSize.", "Lower batch_size.")]
    [InlineData("No option here {not one}.", "No option here {not one}.", "No option here {not one}.")]
    public void OptionsAreRenderedPerHost(string template, string powerShell, string taskFile)
    {
        Assert.Equal(powerShell, Remedy.Render(template, RemedyStyle.PowerShell));
        Assert.Equal(taskFile, Remedy.Render(template, RemedyStyle.TaskFile));
        var e = new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "X", "m", template);
        Assert.Equal(powerShell, e.RecommendedAction);
    }
}
