using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace MilvusDM.PowerShell.Tests;

/// <summary>
/// A runspace that imports the built module (out/MilvusDM/MilvusDM.psd1) exactly as a user would.
/// Only Microsoft.PowerShell.Core cmdlets exist here (the SMA package has no Utility module): no Sort-Object or Select-Object.
/// </summary>
public sealed class ModuleRunspace : IDisposable
{
    public static string ModulePath { get; } = FindModule();

    public ModuleRunspace()
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(ModulePath);
        iss.EnvironmentVariables.Add(new SessionStateVariableEntry("MILVUSDM_TESTING", "1", ""));
        Runspace = RunspaceFactory.CreateRunspace(iss);
        Runspace.Open();
    }

    public Runspace Runspace { get; }

    /// <summary>Runs a script; errors stay in the returned PowerShell's streams.</summary>
    public (Collection<PSObject> Output, System.Management.Automation.PowerShell Shell) Invoke(string script, IDictionary<string, object?>? variables = null)
    {
        var ps = System.Management.Automation.PowerShell.Create(Runspace);
        foreach (var (k, v) in variables ?? new Dictionary<string, object?>()) Runspace.SessionStateProxy.SetVariable(k, v);
        ps.AddScript(script);
        var output = ps.Invoke(null, new PSInvocationSettings { ErrorActionPreference = ActionPreference.Continue });
        return (output, ps);
    }

    public void SetVariable(string name, object? value) => Runspace.SessionStateProxy.SetVariable(name, value);

    public void Dispose() => Runspace.Dispose();

    private static string FindModule()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "out", "MilvusDM", "MilvusDM.psd1");
            if (File.Exists(Path.Combine(dir.FullName, "MilvusDM.sln")))
                return File.Exists(candidate) ? candidate : throw new FileNotFoundException($"Build the module first: {candidate} is missing.");
        }
        throw new InvalidOperationException("Cannot find the repository root.");
    }
}

/// <summary>Reads the list properties of module output (PrintableList) as arrays.</summary>
internal static class OutputLists
{
    public static T[] Items<T>(object? value) =>
        ((System.Collections.IEnumerable)value!).Cast<object>().Select(x => x is System.Management.Automation.PSObject p ? (T)p.BaseObject : (T)x).ToArray();
}
