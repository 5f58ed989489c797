using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MilvusDM.Core.Tasks;

/// <summary>
/// Reads and validates a task file, either form: the old MilvusDM's (one top key F2M, H2M, M2M or M2H) or ours
/// (<c>steps</c>). Every problem is collected with its key, line and column; a plan comes back only when there is none.
/// </summary>
public static class TaskFile
{
    public static (TaskPlan? Plan, IReadOnlyList<TaskFileError> Errors) Load(string path)
    {
        string file = Path.GetFullPath(path);
        var r = new TaskReader(file);
        if (!File.Exists(file))
        {
            r.Errors.Add(new TaskFileError(file, "", 0, 0, "The task file does not exist."));
            return (null, r.Errors);
        }
        var stream = new YamlStream();
        try
        {
            using var text = File.OpenText(file);
            stream.Load(text);
        }
        catch (YamlException e)
        {
            r.Errors.Add(new TaskFileError(file, "", (int)e.Start.Line, (int)e.Start.Column, "Not valid YAML: " + (e.InnerException?.Message ?? e.Message)));
            return (null, r.Errors);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet gives up this way on some unterminated structures: find where the events stop.
            var at = LastGoodMark(file);
            r.Errors.Add(new TaskFileError(file, "", (int)at.Line, (int)at.Column, "Not valid YAML (an unterminated list, mapping or quote after this point?): " + e.Message));
            return (null, r.Errors);
        }
        if (stream.Documents.Count != 1)
        {
            r.Errors.Add(new TaskFileError(file, "", 1, 1, $"A task file holds one YAML document; this one holds {stream.Documents.Count}."));
            return (null, r.Errors);
        }
        var top = r.Map(stream.Documents[0].RootNode, "");
        if (top is null) return (null, r.Errors);
        string baseDir = Path.GetDirectoryName(file)!;
        var notes = new List<string>();
        var legacy = LegacyTaskParser.Kinds.Where(k => top.Node.Children.ContainsKey(new YamlScalarNode(k))).ToList();
        IReadOnlyList<TaskStep> steps;
        string form;
        if (legacy.Count > 0)
        {
            form = "Legacy";
            if (legacy.Count > 1 || top.Node.Children.Count > 1)
                r.Error(top.Node, legacy[0], $"A MilvusDM task file of the old form has a single top key (one of {string.Join(", ", LegacyTaskParser.Kinds)}); this one has {string.Join(", ", top.Node.Children.Keys)}.");
            var body = r.Map(top.Raw(legacy[0]), legacy[0]);
            var step = body is null ? null : LegacyTaskParser.Parse(r, legacy[0], body, (int)top.Raw(legacy[0])!.Start.Line, baseDir, notes);
            steps = step is null ? [] : [step];
        }
        else
        {
            form = "Steps";
            steps = StepsTaskParser.Parse(r, top, baseDir);
        }
        return r.Errors.Count > 0 ? (null, r.Errors) : (new TaskPlan(file, form, steps, notes), r.Errors);
    }

    private static Mark LastGoodMark(string file)
    {
        var mark = Mark.Empty;
        try
        {
            using var text = File.OpenText(file);
            var parser = new Parser(text);
            while (parser.MoveNext()) mark = parser.Current!.End;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException) { }
        return mark;
    }
}
