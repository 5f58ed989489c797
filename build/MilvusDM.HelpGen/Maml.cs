using System.Management.Automation;
using System.Xml.Linq;

namespace MilvusDM.HelpGen;

/// <summary>Writes one cmdlet as MAML, the help format Get-Help reads for binary modules.</summary>
internal static class Maml
{
    public static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace M = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace C = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace D = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
    };

    /// <summary>Where Get-Help -Online goes: the project's README, which documents every cmdlet.</summary>
    public const string OnlineHelp = "https://github.com/milvusdm/milvusdm-powershell/blob/main/README.md";

    public static XElement Command(CmdletInfo cmdlet, IReadOnlyCollection<CmdletInfo> all, DocComments docs, List<string> missing)
    {
        var type = cmdlet.ImplementingType;
        var doc = docs.Member("T:" + type.FullName);
        string synopsis = DocComments.Text(doc?.Descendants("para").FirstOrDefault(p => (string?)p.Attribute("type") == "synopsis"));
        string description = DocComments.Text(doc?.Descendants("para").FirstOrDefault(p => (string?)p.Attribute("type") == "description"));
        var examples = doc?.Elements("example").ToList() ?? [];
        if (synopsis.Length == 0) missing.Add($"{cmdlet.Name} has no <para type=\"synopsis\">.");
        if (examples.Count == 0) missing.Add($"{cmdlet.Name} has no <example>.");

        var parameters = cmdlet.Parameters.Values.Where(p => !Common.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        return new XElement(C + "command",
            new XAttribute(XNamespace.Xmlns + "maml", M), new XAttribute(XNamespace.Xmlns + "command", C), new XAttribute(XNamespace.Xmlns + "dev", D),
            new XElement(C + "details",
                new XElement(C + "name", cmdlet.Name),
                Para(M + "description", synopsis),
                new XElement(C + "verb", cmdlet.Verb),
                new XElement(C + "noun", cmdlet.Noun)),
            Para(M + "description", description.Length > 0 ? description : synopsis),
            new XElement(C + "syntax", cmdlet.ParameterSets.Select(set => new XElement(C + "syntaxItem",
                new XElement(M + "name", cmdlet.Name),
                set.Parameters.Where(p => !Common.Contains(p.Name)).Select(p => new XElement(C + "parameter",
                    new XAttribute("required", p.IsMandatory), new XAttribute("position", p.Position >= 0 ? p.Position.ToString() : "named"),
                    new XElement(M + "name", p.Name),
                    p.ParameterType == typeof(SwitchParameter) ? null : new XElement(C + "parameterValue", new XAttribute("required", true), TypeName(p.ParameterType))))))),
            new XElement(C + "parameters", parameters.Select(p =>
            {
                var property = type.GetProperty(p.Name) ?? DynamicParameterType(type)?.GetProperty(p.Name);
                string text = property is null ? "" : DocComments.Text(docs.Member($"P:{DocName(property.DeclaringType!)}.{p.Name}")?.Element("summary"));
                if (text.Length == 0 && p.Name is not ("WhatIf" or "Confirm")) missing.Add($"{cmdlet.Name} -{p.Name} has no <summary>.");
                if (p.Name == "WhatIf") text = "Shows what would happen if the cmdlet runs. The cmdlet is not run.";
                if (p.Name == "Confirm") text = "Prompts you for confirmation before running the cmdlet.";
                var sets = p.ParameterSets.Values.ToList();
                bool byValue = sets.Any(s => s.ValueFromPipeline), byName = sets.Any(s => s.ValueFromPipelineByPropertyName);
                return new XElement(C + "parameter",
                    new XAttribute("required", sets.Any(s => s.IsMandatory)),
                    new XAttribute("globbing", p.Attributes.OfType<SupportsWildcardsAttribute>().Any()),
                    new XAttribute("pipelineInput", byValue || byName ? $"True ({string.Join(", ", new[] { byValue ? "ByValue" : null, byName ? "ByPropertyName" : null }.Where(x => x is not null))})" : "False"),
                    new XAttribute("position", sets.Select(s => s.Position).FirstOrDefault(x => x >= 0, -1) is var pos and >= 0 ? pos.ToString() : "named"),
                    new XElement(M + "name", p.Name),
                    Para(M + "description", text),
                    new XElement(C + "parameterValue", new XAttribute("required", p.ParameterType != typeof(SwitchParameter)), TypeName(p.ParameterType)),
                    new XElement(D + "type", new XElement(M + "name", TypeName(p.ParameterType))));
            })),
            Inputs(cmdlet),
            Outputs(cmdlet, docs),
            new XElement(C + "examples", examples.Select((e, i) => new XElement(C + "example",
                new XElement(M + "title", $"-------------------------- Example {i + 1} --------------------------"),
                new XElement(D + "code", string.Join("\n", (e.Element("code")?.Value ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))),
                new XElement(D + "remarks", e.Elements("para").Select(p => new XElement(M + "para", DocComments.Text(p))))))),
            RelatedLinks(cmdlet, all));
    }

    /// <summary>INPUTS: the types taken by value from the pipeline, and the properties bound by name.</summary>
    private static XElement Inputs(CmdletInfo cmdlet)
    {
        var parameters = cmdlet.Parameters.Values.Where(p => !Common.Contains(p.Name)).ToList();
        var byValue = parameters.Where(p => p.ParameterSets.Values.Any(s => s.ValueFromPipeline)).ToList();
        var byName = parameters.Where(p => p.ParameterSets.Values.Any(s => s.ValueFromPipelineByPropertyName)).Select(p => p.Name).ToList();
        var items = byValue.Select(p => InputType(TypeName(p.ParameterType), $"You can pipe {TypeName(p.ParameterType)} objects to -{p.Name}.")).ToList();
        if (byName.Count > 0)
            items.Add(InputType("System.Object", $"Any object with these properties binds them by name: {string.Join(", ", byName)} " +
                "(objects this module outputs carry their Connection, so piped objects are read from their own server)."));
        if (items.Count == 0) items.Add(InputType("None", "This cmdlet takes no pipeline input."));
        return new XElement(C + "inputTypes", items);
    }

    private static XElement InputType(string type, string text) =>
        new(C + "inputType", new XElement(D + "type", new XElement(M + "name", type)), Para(M + "description", text));

    /// <summary>OUTPUTS: the [OutputType] types, each with its doc-comment summary.</summary>
    private static XElement Outputs(CmdletInfo cmdlet, DocComments docs)
    {
        var types = cmdlet.OutputType.Select(t => t.Type).Where(t => t is not null).Distinct().ToList();
        return new XElement(C + "returnValues", types.Count == 0
            ? [ReturnValue("None", "This cmdlet writes no objects.")]
            : types.Select(t => ReturnValue(t!.FullName!, DocComments.Text(docs.Member("T:" + t.FullName)?.Element("summary")))));
    }

    private static XElement ReturnValue(string type, string text) =>
        new(C + "returnValue", new XElement(D + "type", new XElement(M + "name", type)), Para(M + "description", text));

    /// <summary>RELATED LINKS: the online help, the cmdlets about the same thing (by noun), Connect-Milvus, the about_ topics.</summary>
    private static XElement RelatedLinks(CmdletInfo cmdlet, IReadOnlyCollection<CmdletInfo> all)
    {
        string subject = Subject(cmdlet.Noun);
        var names = all.Where(c => c.Name != cmdlet.Name && Subject(c.Noun) == subject).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        if (cmdlet.Name != "Connect-Milvus" && cmdlet.Parameters.ContainsKey("Connection")) names.Add("Connect-Milvus");
        names.Add("about_MilvusDM");
        if (subject is "Hdf5" or "Faiss" || cmdlet.Verb is "Export" or "Import") names.Add("about_MilvusDM_Formats");
        if (subject == "DMTask") names.Add("about_MilvusDM_TaskFile");
        return new XElement(M + "relatedLinks",
            Link("Online Version:", OnlineHelp),
            names.Distinct().Select(n => Link(n, "")));
    }

    /// <summary>What a noun is about: its first word after "Milvus" (Collection, Partition, Hdf5, Faiss, DMTask…).</summary>
    private static string Subject(string noun)
    {
        string rest = noun.StartsWith("Milvus", StringComparison.Ordinal) && noun.Length > 6 ? noun[6..] : noun;
        int end = 1;
        while (end < rest.Length && !char.IsUpper(rest[end])) end++;
        return rest == "DMTask" ? rest : rest[..end];
    }

    private static XElement Link(string text, string uri) => new(M + "navigationLink", new XElement(M + "linkText", text), new XElement(M + "uri", uri));

    /// <summary>The type of the object a cmdlet offers as its dynamic parameters (the read parameters of the file cmdlets).</summary>
    private static Type? DynamicParameterType(Type cmdlet) =>
        typeof(IDynamicParameters).IsAssignableFrom(cmdlet) && Activator.CreateInstance(cmdlet) is IDynamicParameters d ? d.GetDynamicParameters()?.GetType() : null;

    /// <summary>A type as doc comments name it: a generic base by its definition (FileImportCmdlet`1).</summary>
    private static string DocName(Type t) => (t.IsGenericType ? t.GetGenericTypeDefinition() : t).FullName!;

    private static XElement Para(XName name, string text) => new(name, new XElement(M + "para", text));

    private static string TypeName(Type t) => t.IsArray ? TypeName(t.GetElementType()!) + "[]"
        : Nullable.GetUnderlyingType(t) is { } inner ? TypeName(inner) : t.Name;
}
