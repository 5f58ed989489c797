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

    public static XElement Command(CmdletInfo cmdlet, DocComments docs, List<string> missing)
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
                var property = type.GetProperty(p.Name);
                string text = property is null ? "" : DocComments.Text(docs.Member($"P:{property.DeclaringType!.FullName}.{p.Name}")?.Element("summary"));
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
            new XElement(C + "examples", examples.Select((e, i) => new XElement(C + "example",
                new XElement(M + "title", $"-------------------------- Example {i + 1} --------------------------"),
                new XElement(D + "code", string.Join("\n", (e.Element("code")?.Value ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))),
                new XElement(D + "remarks", e.Elements("para").Select(p => new XElement(M + "para", DocComments.Text(p))))))));
    }

    private static XElement Para(XName name, string text) => new(name, new XElement(M + "para", text));

    private static string TypeName(Type t) => t.IsArray ? TypeName(t.GetElementType()!) + "[]"
        : Nullable.GetUnderlyingType(t) is { } inner ? TypeName(inner) : t.Name;
}
