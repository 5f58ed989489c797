using System.Management.Automation;
using System.Management.Automation.Language;

namespace MilvusDM.PowerShell.Tests;

/// <summary>
/// This machine has no pwsh or Pester: check that every Pester file parses and that every MilvusDM command
/// and parameter it uses exists, so the suite cannot rot silently.
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
        var (commands, _) = rs.Invoke("Get-Command -Module MilvusDM");
        var byName = commands.Select(c => (CommandInfo)c.BaseObject).ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var common = new HashSet<string>(["Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
            "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm"], StringComparer.OrdinalIgnoreCase);

        var uses = ast.FindAll(n => n is CommandAst, true).Cast<CommandAst>()
            .Select(c => (Command: c, Name: c.GetCommandName()))
            .Where(c => c.Name is not null && (c.Name.Contains("-Milvus", StringComparison.OrdinalIgnoreCase))).ToList();
        foreach (var (command, name) in uses)
        {
            Assert.True(byName.TryGetValue(name!, out var info), $"{file}:{command.Extent.StartLineNumber}: '{name}' is not a MilvusDM command");
            foreach (var p in command.CommandElements.OfType<CommandParameterAst>())
                Assert.True(info!.Parameters.ContainsKey(p.ParameterName) || common.Contains(p.ParameterName)
                    || info.Parameters.Values.Any(m => m.Aliases.Contains(p.ParameterName, StringComparer.OrdinalIgnoreCase)),
                    $"{file}:{p.Extent.StartLineNumber}: {name} has no parameter -{p.ParameterName}");
        }
        if (file.EndsWith(".Tests.ps1", StringComparison.Ordinal) && file != "Module.Tests.ps1")
            Assert.NotEmpty(uses);
    }
}
