using System.Reflection;
using PureHDF;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>
/// Two facts PureHDF 2.2.0 parses but keeps internal: a dataset's byte order and its filter pipeline. They are read by
/// reflection from its datatype and filter-pipeline messages; if a PureHDF upgrade renames them this fails loudly
/// (reading big-endian bytes as little-endian would silently import wrong values), and the tests say so.
/// </summary>
internal static class Hdf5Internals
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    public static bool IsBigEndian(IH5Dataset ds)
    {
        var message = Get(ds, "InternalDataType") ?? throw Changed("InternalDataType");
        var bitField = Get(message, "BitField");
        // Only numeric bit fields carry a byte order; strings and other classes have none.
        var order = bitField?.GetType().GetProperty("ByteOrder", Any)?.GetValue(bitField);
        return order?.ToString() == "BigEndian";
    }

    /// <summary>The filters of a dataset's pipeline in file order (none for contiguous data).</summary>
    public static IReadOnlyList<(ushort Id, string Name)> Filters(IH5Dataset ds)
    {
        var pipeline = Get(ds, "InternalFilterPipeline");
        if (pipeline is null) return [];
        var descriptions = Get(pipeline, "FilterDescriptions") as Array ?? throw Changed("FilterDescriptions");
        return descriptions.Cast<object>()
            .Select(d => ((ushort)(Get(d, "Identifier") ?? throw Changed("Identifier")), Get(d, "Name") as string ?? "")).ToArray();
    }

    private static object? Get(object target, string property) =>
        (target.GetType().GetProperty(property, Any) ?? throw Changed(property)).GetValue(target);

    private static InvalidOperationException Changed(string member) =>
        new($"PureHDF's internal '{member}' is gone: this PureHDF version is not the one MilvusDM's HDF5 reader was built for (2.2.0).");
}
