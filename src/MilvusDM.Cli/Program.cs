using System.Management.Automation;
using System.Management.Automation.Runspaces;
using MilvusDM.Cli;

var line = CommandLine.Parse(args);
if (line.Error is not null)
{
    Console.Error.WriteLine("milvusdm: " + line.Error);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}
if (line.Help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}
string? module = ModuleLocator.Find();
if (module is null)
{
    Console.Error.WriteLine("milvusdm: the MilvusDM module was not found; build it (dotnet build MilvusDM.sln) or set MILVUSDM_MODULE to its .psd1.");
    return 2;
}

var iss = InitialSessionState.CreateDefault2();
iss.ImportPSModule(module);
using var runspace = RunspaceFactory.CreateRunspace(iss);
runspace.Open();
using var ps = PowerShell.Create(runspace);
if (line.Command is not null) ps.AddScript(line.Command);
else if (line.Validate) ps.AddCommand("Test-MilvusDMTask").AddParameter("Path", line.TaskFiles.ToArray());
else if (line.WhatIf) ps.AddCommand("Test-MilvusDMTask").AddParameter("Path", line.TaskFiles.ToArray());   // the plan, nothing run
else
{
    ps.AddCommand("Invoke-MilvusDMTask").AddParameter("Path", line.TaskFiles.ToArray()).AddParameter("Force");   // the old tool never asked before overwriting
    if (line.Resume) ps.AddParameter("Resume");
}

var console = new ConsoleReporter(line.Verbose);
console.Attach(ps.Streams);
bool stopping = false;
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;   // stop cleanly: in-flight writes finish, checkpoints are kept
    stopping = true;
    Console.Error.WriteLine("milvusdm: stopping…");
    ps.BeginStop(null, null);
};
bool failed;
try
{
    var output = ps.Invoke(null, new PSInvocationSettings { ErrorActionPreference = ActionPreference.Continue });
    failed = console.WriteOutput(output, showPlan: line.WhatIf);
}
catch (PipelineStoppedException)
{
    stopping = true;
    failed = true;
}
catch (RuntimeException e)
{
    if (!stopping) Console.Error.WriteLine("milvusdm: " + e.Message);
    failed = true;
}
if (stopping)
{
    // Stopped by the user: never a success, whatever had finished before.
    Console.Error.WriteLine($"milvusdm: cancelled, stopped{(console.LastProgress is { } last ? $" at {last}" : "")}; what was committed is kept. " +
        "Run the same command with --resume to continue.");
    return 130;
}
return failed || console.Errors > 0 ? 1 : 0;
