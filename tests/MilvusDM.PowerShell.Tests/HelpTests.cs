using System.Management.Automation;
using System.Management.Automation.Language;

namespace MilvusDM.PowerShell.Tests;

/// <summary>Get-Help answers for every cmdlet from the built module's MAML: synopsis, parameters, examples that name real parameters.</summary>
public sealed class HelpTests
{
    [Fact]
    public void EveryCmdletHasHelpWithWorkingExamples()
    {
        using var rs = new ModuleRunspace();
        var ours = ScriptChecks.ModuleCommands(rs);
        foreach (var name in ours.Keys.Order(StringComparer.Ordinal))
        {
            var (help, shell) = rs.Invoke($"Get-Help {name} -Full");
            Assert.Empty(shell.Streams.Error);
            var h = Assert.Single(help);
            string synopsis = h.Properties["Synopsis"].Value?.ToString()?.Trim() ?? "";
            Assert.False(synopsis.Length < 20 || synopsis.StartsWith(name, StringComparison.Ordinal), $"{name}: no synopsis ({synopsis})");
            var (codes, _) = rs.Invoke($"(Get-Help {name} -Examples).examples.example | ForEach-Object code");
            Assert.True(codes.Count > 0, $"{name} has no example");
            foreach (var code in codes.Select(c => c.ToString()))
            {
                var ast = Parser.ParseInput(code, out _, out var errors);
                Assert.True(errors.Length == 0, $"{name} example does not parse: {code}");
                var (problems, uses) = ScriptChecks.Check(ast, ours);
                Assert.True(problems.Count == 0 && uses > 0, $"{name} example '{code}': {string.Join("; ", problems)}");
            }
            var (sections, _) = rs.Invoke($"$h = Get-Help {name} -Full; $h.inputTypes.inputType.type.name; '|'; $h.returnValues.returnValue.type.name; '|'; $h.relatedLinks.navigationLink.linkText");
            var parts = string.Join("\n", sections.Select(x => x.ToString())).Split('|');
            Assert.True(parts.Length == 3 && parts.All(x => x.Trim().Length > 0), $"{name}: INPUTS, OUTPUTS and RELATED LINKS: {string.Join(" / ", parts)}");
            Assert.Contains("about_MilvusDM", parts[2]);
            var (described, _) = rs.Invoke($"(Get-Help {name} -Parameter *) | ForEach-Object {{ '{{0}}={{1}}' -f $_.name, ($_.description | ForEach-Object Text) }}");
            Assert.All(described.Select(d => d.ToString()), d => Assert.False(d.EndsWith('='), $"{name}: parameter without a description: {d}"));
        }
    }
}
