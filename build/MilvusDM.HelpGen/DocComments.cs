using System.Xml.Linq;

namespace MilvusDM.HelpGen;

/// <summary>The compiler's doc-comment file, by member id (T:Type, P:Type.Property).</summary>
internal sealed class DocComments(Dictionary<string, XElement> members)
{
    public static DocComments Load(string path) =>
        new(XDocument.Load(path).Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => m));

    public XElement? Member(string id) => members.GetValueOrDefault(id);

    /// <summary>The text of an element, whitespace folded (doc comments are indented in the source).</summary>
    public static string Text(XElement? e) => e is null ? "" : string.Join(" ", e.Value.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
