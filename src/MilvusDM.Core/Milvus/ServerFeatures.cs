using System.Text.RegularExpressions;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus;

/// <summary>
/// What a Milvus release can hold, by the release that brought it (the "Compatible with Milvus x+" notes of Milvus's
/// docs): checked against the target's version before a copy or restore creates anything, so that a collection from a
/// newer Milvus fails with the field and the version it needs, not halfway with a bare "data type not supported".
/// </summary>
public static partial class ServerFeatures
{
    private sealed record Feature(Version Since, Func<CollectionSpec, IEnumerable<(string Field, string What)>> UsesIn);

    private static IEnumerable<(string, string)> FieldsOf(CollectionSpec spec, MilvusDataType type, string what) =>
        spec.Fields.Where(f => f.DataType == type).Select(f => (f.Name, $"field '{f.Name}' is {what}"));

    private static readonly Feature[] Features =
    [
        new(new Version(2, 6, 0), s => FieldsOf(s, MilvusDataType.Int8Vector, "an Int8Vector")),
        new(new Version(2, 6, 0), s => FieldsOf(s, MilvusDataType.Text, "Text")),
        new(new Version(2, 6, 4), s => FieldsOf(s, MilvusDataType.Geometry, "a Geometry")),
        new(new Version(2, 6, 4), s => FieldsOf(s, MilvusDataType.ArrayOfStruct, "an array of structs")),
        new(new Version(2, 6, 6), s => FieldsOf(s, MilvusDataType.Timestamptz, "a Timestamptz")),
        new(new Version(2, 6, 18), s => s.Fields.Where(f => f.IsNullable && f.DataType.IsVector()).Select(f => (f.Name, $"vector field '{f.Name}' is nullable"))),
    ];

    /// <summary>The release number in a version string ("v2.5.14", "2.6.6-gpu"); null when there is none (then nothing is assumed missing).</summary>
    public static Version? Parse(string version)
    {
        var m = ReleaseNumber().Match(version);
        return m.Success ? new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value)) : null;
    }

    /// <summary>What of <paramref name="spec"/> a server of <paramref name="server"/> cannot hold, each with the release it needs.</summary>
    public static IReadOnlyList<(string Field, string What, Version Since)> Missing(CollectionSpec spec, Version server) =>
        Features.Where(f => server < f.Since).SelectMany(f => f.UsesIn(spec).Select(u => (u.Field, u.What, f.Since))).ToList();

    /// <summary>
    /// <paramref name="spec"/> without the fields a server of <paramref name="server"/> cannot hold, with their indexes and
    /// the functions that read or write them (and those functions' outputs, which nothing would fill); a note per field.
    /// </summary>
    public static (CollectionSpec Spec, IReadOnlyList<string> Notes) WithoutMissing(CollectionSpec spec, Version server)
    {
        var missing = Missing(spec, server);
        if (missing.Count == 0) return (spec, []);
        var drop = missing.Select(m => m.Field).ToHashSet(StringComparer.Ordinal);
        var functions = spec.Functions.Where(f => f.InputFieldNames.Concat(f.OutputFieldNames).Any(drop.Contains)).ToList();
        foreach (var f in functions) drop.UnionWith(f.OutputFieldNames);
        var notes = missing.Select(m => $"Left out {m.What} (Milvus {m.Since} or later; this server is {server}).")
            .Concat(functions.Select(f => $"Left out function '{f.Name}' and its output(s) {string.Join(", ", f.OutputFieldNames)}, which read or write a field left out.")).ToList();
        return (spec with
        {
            Fields = spec.Fields.Where(f => !drop.Contains(f.Name)).ToList(),
            Functions = spec.Functions.Except(functions).ToList(),
            Indexes = spec.Indexes.Where(i => !drop.Contains(i.FieldName) && !drop.Any(d => i.FieldName.StartsWith(d + "[", StringComparison.Ordinal))).ToList(),
        }, notes);
    }

    /// <summary>Throws <c>TargetServerTooOld</c> naming every field the target cannot hold, before anything is created on it.</summary>
    /// <param name="canDrop">The caller can leave the fields out when asked (its remedy says how).</param>
    public static async Task CheckAsync(MilvusClient target, IEnumerable<CollectionSpec> specs, CancellationToken ct, bool canDrop = false)
    {
        string version = await target.GetVersionAsync(ct).ConfigureAwait(false);
        if (Parse(version) is not { } server) return;
        var missing = specs.SelectMany(s => Missing(s, server).Select(m => (Collection: s.Name, m.What, m.Since))).ToList();
        if (missing.Count == 0) return;
        var needed = missing.Max(m => m.Since)!;
        throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "TargetServerTooOld",
            $"Milvus {version} at {target.Address} cannot hold what is to be written: "
            + string.Join("; ", missing.Select(m => $"collection '{m.Collection}': {m.What} (Milvus {m.Since} or later)"))
            + $". Nothing was created for {(missing.Select(m => m.Collection).Distinct().Count() == 1 ? "it" : "them")}.",
            $"Write to a Milvus {needed} or later, or leave these collections out (name the others with {{CollectionName}})"
            + (canDrop ? ", or write them without these fields with {DropUnsupported}." : "."));
    }

    [GeneratedRegex(@"(\d+)\.(\d+)\.(\d+)")]
    private static partial Regex ReleaseNumber();
}
