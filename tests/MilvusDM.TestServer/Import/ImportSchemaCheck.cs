using Apache.Arrow.Types;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Storage;
using MilvusDM.TestServer.Validation;
using ArrowField = Apache.Arrow.Field;
using ArrowSchema = Apache.Arrow.Schema;

namespace MilvusDM.TestServer.Import;

/// <summary>A schema field and the file column it is read from.</summary>
internal sealed record ColumnSource(FieldSchema Field, int Column, bool IsDynamic = false);

/// <summary>
/// Which columns of a Parquet file feed which fields, with the checks and messages of Milvus 2.6's reader
/// (internal/util/importutilv2/parquet/util.go CreateFieldReaders and isSchemaEqual), in their order: struct columns
/// are lists of structs naming every member; every field that is neither an auto-id key, a function output, nullable
/// nor defaulted has a column of a convertible type; columns naming no field are ignored; an auto-id key (unless
/// allow_insert_auto_id) and function outputs must not be given.
/// </summary>
internal static class ImportSchemaCheck
{
    public const string DynamicColumn = "$meta";

    public static List<ColumnSource> Check(CollectionState c, ArrowSchema file)
    {
        var schema = c.Schema;
        var columns = file.FieldsList;
        int IndexOf(string name) => columns.ToList().FindIndex(x => x.Name == name);

        // Nested struct columns first (CreateFieldReaders' first loop).
        foreach (var s in schema.StructArrayFields)
        {
            int i = IndexOf(s.Name);
            if (i < 0) continue;
            if (columns[i].DataType is not ListType { ValueDataType: StructType members })
                throw ImportErrors.ImportFailed($"struct field is not a list of structs: {s.Name}");
            foreach (var sub in s.Fields.Where(sub => members.Fields.All(m => m.Name != sub.Name)))
                throw ImportErrors.ImportFailed($"field not found in struct: {sub.Name}");
        }

        try { SchemaEqual(c, columns); }
        catch (Service.ServerError e) { throw ImportErrors.ImportFailed($"schema not equal, err={e.Message}"); }

        var sources = new List<ColumnSource>();
        var outputs = c.FunctionOutputs;
        var bm25 = schema.Functions.Where(f => f.Type == FunctionType.Bm25).SelectMany(f => f.OutputFieldNames).ToHashSet(StringComparer.Ordinal);
        bool allowOthers = c.Properties.TryGetValue("collection.function.allowInsertNonBM25FunctionOutputs", out var v) && bool.TryParse(v, out var b) && b;
        for (int i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            if (schema.StructArrayFields.Any(s => s.Name == column.Name)) continue;
            if (column.Name == DynamicColumn && schema.EnableDynamicField)
            {
                AddOnce(sources, new ColumnSource(DynamicField, i, IsDynamic: true));
                continue;
            }
            var field = c.Field(column.Name);
            if (field is null) continue;   // "redundant fields, ignore"
            if (field.IsPrimaryKey && field.AutoID && !c.AllowInsertAutoId)
                throw ImportErrors.ImportFailed($"the primary key '{field.Name}' is auto-generated, no need to provide");
            if (outputs.Contains(field.Name))
            {
                if (bm25.Contains(field.Name)) throw ImportErrors.ImportFailed($"not allowed to provide data for BM25 function output field '{field.Name}'");
                if (!allowOthers)
                    throw ImportErrors.ImportFailed($"not allowed to provide data for function output field '{field.Name}', set collection property 'collection.function.allowInsertNonBM25FunctionOutputs' to enable");
            }
            AddOnce(sources, new ColumnSource(field, i));
        }
        foreach (var s in schema.StructArrayFields)
            sources.Add(new ColumnSource(new FieldSchema { Name = s.Name, DataType = DataType.ArrayOfStruct, FieldID = s.FieldID }, IndexOf(s.Name)));

        foreach (var f in schema.Fields)
        {
            if ((f.IsPrimaryKey && f.AutoID) || outputs.Contains(f.Name) || f.Nullable || ColumnReader.HasDefault(f)) continue;
            if (sources.All(x => x.Field.Name != f.Name)) throw ImportErrors.ImportFailed($"no parquet field for milvus field '{f.Name}'");
        }
        return sources;
    }

    /// <summary>The dynamic field as Milvus's datanode schema holds it: JSON, neither nullable nor defaulted.</summary>
    public static readonly FieldSchema DynamicField = new() { Name = DynamicColumn, DataType = DataType.Json, IsDynamic = true };

    private static void AddOnce(List<ColumnSource> sources, ColumnSource s)
    {
        if (sources.Any(x => x.Field.Name == s.Field.Name)) throw ImportErrors.ImportFailed($"there is multi field with name: {s.Field.Name}");
        sources.Add(s);
    }

    /// <summary>util.go isSchemaEqual.</summary>
    private static void SchemaEqual(CollectionState c, IReadOnlyList<ArrowField> columns)
    {
        var schema = c.Schema;
        var byName = new Dictionary<string, ArrowField>(StringComparer.Ordinal);
        foreach (var col in columns) byName[col.Name] = col;   // lo.KeyBy: the last of a repeated name
        var fields = schema.Fields.ToList();
        if (schema.EnableDynamicField) fields.Add(DynamicField);
        var outputs = c.FunctionOutputs;
        foreach (var f in fields)
        {
            if ((f.IsPrimaryKey && f.AutoID) || outputs.Contains(f.Name)) continue;
            if (!byName.TryGetValue(f.Name, out var col))
            {
                if (f.IsDynamic || f.Nullable || ColumnReader.HasDefault(f)) continue;
                throw ImportErrors.ImportFailed($"field '{f.Name}' not in arrow schema");
            }
            var expected = ArrowTypes.For(f);
            if (!ArrowTypes.Convertible(col.DataType, expected, f, allowFixedSizeList: true))
                throw ImportErrors.ImportFailed($"field '{f.Name}' type mis-match, expect arrow type '{expected}', get arrow data type '{ArrowTypes.GoString(col.DataType)}'");
        }
        foreach (var s in schema.StructArrayFields)
        {
            if (!byName.TryGetValue(s.Name, out var col)) throw ImportErrors.ImportFailed($"struct field not found in arrow schema: {s.Name}");
            if (col.DataType is not ListType list)
                throw ImportErrors.ImportFailed($"struct field '{s.Name}' should be list type in arrow schema, but got '{ArrowTypes.GoString(col.DataType)}'");
            if (list.ValueDataType is not StructType members)
                throw ImportErrors.ImportFailed($"struct field '{s.Name}' should contain struct elements in arrow schema, but got '{ArrowTypes.GoString(list.ValueDataType)}'");
            foreach (var sub in s.Fields)
            {
                var member = members.Fields.FirstOrDefault(m => m.Name == sub.Name)
                    ?? throw ImportErrors.ImportFailed($"sub-field '{sub.Name}' not found in struct '{s.Name}' of arrow schema");
                var expected = sub.DataType switch
                {
                    DataType.Array => ArrowTypes.For(sub, isArray: true),
                    DataType.ArrayOfVector => ArrowTypes.VectorArrayElement(sub),
                    _ => throw ImportErrors.ImportFailed($"unsupported data type in struct field: {TypeNames.Go(sub.DataType)}"),
                };
                if (!ArrowTypes.Convertible(member.DataType, expected, sub, allowFixedSizeList: false))
                    throw ImportErrors.ImportFailed($"sub-field '{sub.Name}' in struct '{s.Name}' type mis-match, expect arrow type '{expected}', got '{ArrowTypes.GoString(member.DataType)}'");
            }
            if (members.Fields.Count != s.Fields.Count)
                throw ImportErrors.ImportFailed($"struct field number dismatch: {s.Name}, expect {s.Fields.Count}, got {members.Fields.Count}");
        }
    }
}
