using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Xml.Linq;

// Usage: MilvusDM.HelpGen <module.psd1> <MilvusDM.PowerShell.xml (doc comments)> <output -Help.xml>
// Reads each cmdlet's parameter sets from PowerShell itself and its text from the doc comments:
// <para type="synopsis">, <para type="description">, <example><code/><para/></example>, parameter <summary>.
// Inputs come from the parameters that take pipeline input, outputs from [OutputType]; related links name the
// cmdlets of the same noun and the about_ topics. The about_ topics (docs/en-US/*.md beside the repository's
// MilvusDM.psd1) are rendered as plain help text next to the MAML.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: MilvusDM.HelpGen <module.psd1> <doc-comments.xml> <output-Help.xml>");
    return 2;
}
var docs = MilvusDM.HelpGen.DocComments.Load(args[1]);
var iss = InitialSessionState.CreateDefault2();
iss.ImportPSModule(args[0]);
using var runspace = RunspaceFactory.CreateRunspace(iss);
runspace.Open();
using var ps = PowerShell.Create(runspace);
var commands = ps.AddCommand("Get-Command").AddParameter("Module", "MilvusDM").Invoke<CmdletInfo>();
var missing = new List<string>();
var help = new XElement(MilvusDM.HelpGen.Maml.Msh + "helpItems", new XAttribute("schema", "maml"),
    commands.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => MilvusDM.HelpGen.Maml.Command(c, commands, docs, missing)));
string helpFolder = Path.GetDirectoryName(Path.GetFullPath(args[2]))!;
Directory.CreateDirectory(helpFolder);
string topics = Path.Combine(AppContext.BaseDirectory, "about");
foreach (var md in Directory.Exists(topics) ? Directory.GetFiles(topics, "about_*.md") : [])
    File.WriteAllText(Path.Combine(helpFolder, Path.GetFileNameWithoutExtension(md) + ".help.txt"), MilvusDM.HelpGen.AboutTopic.Render(File.ReadAllText(md)));
new XDocument(new XDeclaration("1.0", "utf-8", null), help).Save(args[2]);
foreach (var m in missing) Console.Error.WriteLine("help: " + m);
Console.WriteLine($"help: {commands.Count} cmdlets → {args[2]}");
return missing.Count == 0 ? 0 : 1;
