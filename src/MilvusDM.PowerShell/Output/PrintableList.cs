using System.Collections.ObjectModel;

namespace MilvusDM.PowerShell;

/// <summary>
/// The list type of every list property the module outputs: a read-only list to scripts (Count, indexing,
/// -contains, ConvertTo-Json as an array) whose text is its items joined by "; ", so Export-Csv and string
/// expansion show the values instead of "System.String[]".
/// </summary>
public sealed class PrintableList<T>(IList<T> items) : ReadOnlyCollection<T>(items)
{
    public static implicit operator PrintableList<T>(T[] items) => new(items);

    public override string ToString() => string.Join("; ", this);
}
