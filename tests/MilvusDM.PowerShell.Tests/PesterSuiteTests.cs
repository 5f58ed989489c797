using System.Management.Automation.Language;

namespace MilvusDM.PowerShell.Tests;

/// <summary>
/// scripts/pester.sh runs the Pester suite in real pwsh; this check also names, without running anything, any Pester
/// file that fails to parse or uses a MilvusDM command or parameter that does not exist.
/// </summary>
public sealed class PesterSuiteTests
{
    private static readonly string PesterDir = Path.Combine(Path.GetDirectoryName(ModuleRunspace.ModulePath)!, "..", "..", "tests", "Pester");

    public static TheoryData<string> Files() => new(Directory.GetFiles(PesterDir, "*.ps*1").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Files))]
    public void ParsesAndUsesOnlyRealCommandsAndParameters(string file)
    {
        var ast = Parser.ParseFile(Path.Combine(PesterDir, file), out _, out var errors);
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));

        using var rs = new ModuleRunspace();
        var (problems, uses) = ScriptChecks.Check(ast, ScriptChecks.ModuleCommands(rs));
        Assert.True(problems.Count == 0, $"{file}: " + string.Join("; ", problems));
        if (file.EndsWith(".Tests.ps1", StringComparison.Ordinal) && file != "Module.Tests.ps1")
            Assert.True(uses > 0, $"{file} uses no MilvusDM command");
    }
}
