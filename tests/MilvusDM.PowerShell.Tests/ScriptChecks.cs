using System.Management.Automation;
using System.Management.Automation.Language;

namespace MilvusDM.PowerShell.Tests;

/// <summary>Checks that a script names only MilvusDM commands and parameters that exist (Pester files, help examples).</summary>
internal static class ScriptChecks
{
    private static readonly HashSet<string> Common = new(["Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm"], StringComparer.OrdinalIgnoreCase);

    public static Dictionary<string, CommandInfo> ModuleCommands(ModuleRunspace rs) =>
        rs.Invoke("Get-Command -Module MilvusDM").Output.Select(c => (CommandInfo)c.BaseObject).ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Problems, "line: message"; the commands checked are ours or look like ours (Milvus, Faiss, Hdf5 in the noun).</summary>
    public static (List<string> Problems, int Uses) Check(Ast ast, Dictionary<string, CommandInfo> ours)
    {
        var problems = new List<string>();
        int uses = 0;
        foreach (var command in ast.FindAll(n => n is CommandAst, true).Cast<CommandAst>())
        {
            string? name = command.GetCommandName();
            if (name is null || !(ours.ContainsKey(name) || name.Contains("Milvus", StringComparison.OrdinalIgnoreCase) || name.Contains("Faiss", StringComparison.OrdinalIgnoreCase) || name.Contains("Hdf5", StringComparison.OrdinalIgnoreCase)))
                continue;
            uses++;
            if (!ours.TryGetValue(name, out var info)) { problems.Add($"{command.Extent.StartLineNumber}: '{name}' is not a MilvusDM command"); continue; }
            foreach (var p in command.CommandElements.OfType<CommandParameterAst>())
                if (!(info.Parameters.ContainsKey(p.ParameterName) || Common.Contains(p.ParameterName)
                      || info.Parameters.Values.Any(m => m.Aliases.Contains(p.ParameterName, StringComparer.OrdinalIgnoreCase))))
                    problems.Add($"{p.Extent.StartLineNumber}: {name} has no parameter -{p.ParameterName}");
        }
        return (problems, uses);
    }
}
