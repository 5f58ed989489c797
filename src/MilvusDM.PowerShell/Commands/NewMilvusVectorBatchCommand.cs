using System.Collections;
using System.Management.Automation;
using MilvusDM.Core.Model;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Builds a vector batch from keys, vectors and optional scalar fields, for Write-MilvusCollection.</para>
/// <para type="description">Scalar field types follow the values: bool → Bool, integers → Int64, other numbers → Double, strings → VarChar; $null marks a null value.</para>
/// </summary>
/// <example><code>New-MilvusVectorBatch -Id 1,2 -Vector @(,[float[]](0.1,0.2)), @(,[float[]](0.3,0.4)) | Write-MilvusCollection -Name docs</code><para>Builds a batch of two vectors and writes it.</para></example>
[Cmdlet(VerbsCommon.New, "MilvusVectorBatch", DefaultParameterSetName = FloatSet)]
[OutputType(typeof(MilvusVectorBatch))]
public sealed class NewMilvusVectorBatchCommand : MilvusDMCmdlet
{
    private const string FloatSet = "Float", BinarySet = "Binary";

    /// <summary>Primary keys: integers or strings.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public object[] Id { get; set; } = [];

    /// <summary>Float vectors, one array of numbers per key.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = FloatSet)]
    public object[] Vector { get; set; } = [];

    /// <summary>Binary vectors, one byte array per key (dimension = 8 × bytes).</summary>
    [Parameter(Mandatory = true, ParameterSetName = BinarySet)]
    public byte[][] BinaryVector { get; set; } = [];

    /// <summary>Scalar fields: name → array of values (one per key).</summary>
    [Parameter]
    public Hashtable? Field { get; set; }

    /// <summary>Name of the primary-key field (default id).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string IdField { get; set; } = "id";

    /// <summary>Name of the vector field (default embedding).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string VectorField { get; set; } = "embedding";

    protected override void ProcessRecord()
    {
        try
        {
            int n = Id.Length;
            var columns = new List<ColumnData> { Keys(), ParameterSetName == BinarySet ? Binary(n) : Floats(n) };
            if (Field is not null)
                foreach (DictionaryEntry entry in Field) columns.Add(Scalar(entry.Key.ToString()!, ToArray(entry.Value), n));
            WriteObject(new MilvusVectorBatch(new VectorBatch(columns)));
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or FormatException or OverflowException)
        {
            ThrowTerminatingError(Internal.ErrorRecords.Create(e, "InvalidBatchInput", ErrorCategory.InvalidArgument, null, "Give one vector and one value per field for every key."));
        }
    }

    private ColumnData Keys()
    {
        var ids = Id.Select(Unwrap).ToArray();
        if (ids.All(v => v is string)) return new ScalarColumn<string>(IdField, MilvusDataType.VarChar, ids.Cast<string>().ToArray());
        return new ScalarColumn<long>(IdField, MilvusDataType.Int64, ids.Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    private FloatVectorColumn Floats(int n)
    {
        if (Vector.Length != n) throw new ArgumentException($"{Vector.Length} vectors for {n} keys.");
        var rows = Vector.Select(v => ToArray(v).Select(x => Convert.ToSingle(Unwrap(x), System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        int dim = rows.Length == 0 ? 0 : rows[0].Length;
        if (dim == 0 || rows.Any(r => r.Length != dim)) throw new ArgumentException("Every vector must have the same, non-zero number of elements.");
        var data = new float[n * dim];
        for (int i = 0; i < n; i++) rows[i].CopyTo(data, i * dim);
        return new FloatVectorColumn(VectorField, dim, data);
    }

    private ByteVectorColumn Binary(int n)
    {
        if (BinaryVector.Length != n) throw new ArgumentException($"{BinaryVector.Length} vectors for {n} keys.");
        int bytes = BinaryVector.Length == 0 ? 0 : BinaryVector[0].Length;
        if (bytes == 0 || BinaryVector.Any(r => r.Length != bytes)) throw new ArgumentException("Every binary vector must have the same, non-zero number of bytes.");
        return new ByteVectorColumn(VectorField, MilvusDataType.BinaryVector, bytes * 8, BinaryVector.SelectMany(b => b).ToArray());
    }

    private static ColumnData Scalar(string name, object?[] raw, int n)
    {
        if (raw.Length != n) throw new ArgumentException($"Field '{name}' has {raw.Length} values for {n} keys.");
        var values = raw.Select(Unwrap).ToArray();
        bool[]? validity = values.Any(v => v is null) ? values.Select(v => v is not null).ToArray() : null;
        var sample = values.FirstOrDefault(v => v is not null);
        return sample switch
        {
            bool => new ScalarColumn<bool>(name, MilvusDataType.Bool, values.Select(v => v is true).ToArray(), validity),
            byte or sbyte or short or ushort or int or uint or long => new ScalarColumn<long>(name, MilvusDataType.Int64, values.Select(v => v is null ? 0 : Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), validity),
            float or double or decimal => new ScalarColumn<double>(name, MilvusDataType.Double, values.Select(v => v is null ? 0 : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), validity),
            _ => new ScalarColumn<string>(name, MilvusDataType.VarChar, values.Select(v => v?.ToString() ?? "").ToArray(), validity),
        };
    }

    private static object?[] ToArray(object? value) => Unwrap(value) switch
    {
        null => [],
        string s => [s],
        IEnumerable e => e.Cast<object?>().ToArray(),
        var single => [single],
    };

    private static object? Unwrap(object? v) => v is PSObject p ? p.BaseObject : v;
}
