using System.Text.Json;
using MilvusDM.Core.Model;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>A scalar dataset to import: its field name, Milvus type and validity dataset (nullable fields).</summary>
internal sealed record Hdf5Scalar(string Name, MilvusDataType Type, string? ValidDataset);

/// <summary>The schema Hdf5FileWriter records in the <c>schema</c> attribute of the files it writes.</summary>
internal sealed record Hdf5SchemaAttribute(string? PrimaryKey, MilvusDataType PrimaryKeyType, string? VectorField, IReadOnlyList<Hdf5Scalar> Scalars)
{
    public static Hdf5SchemaAttribute? Read(NativeFile file)
    {
        var json = Hdf5Files.StringAttribute(file, "schema");
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            string? pk = null, vector = Hdf5Files.StringAttribute(file, "vector_field");
            var pkType = MilvusDataType.Int64;
            var scalars = new List<Hdf5Scalar>();
            foreach (var f in doc.RootElement.EnumerateArray())
            {
                string name = f.GetProperty("name").GetString()!;
                var type = Enum.Parse<MilvusDataType>(f.GetProperty("type").GetString()!);
                if (f.GetProperty("primary_key").GetBoolean()) { pk = name; pkType = type; }
                else if (name != vector && !type.IsVector()) scalars.Add(new Hdf5Scalar(name, type, null));
            }
            return new Hdf5SchemaAttribute(pk, pkType, vector, scalars);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or ArgumentException or InvalidOperationException)
        {
            return null;   // not ours after all: fall back to the plain layout rules
        }
    }
}
