using System.Text.Json;
using Google.Protobuf.Collections;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Service;
using MilvusDM.TestServer.Storage;

namespace MilvusDM.TestServer.Validation;

/// <summary>
/// One validated row ready to store (values in column order). <paramref name="Replaces"/> is the key an upsert
/// deletes: the given key, which differs from <paramref name="Pk"/> when the collection's key is auto-generated
/// (Milvus's upsert then stores the row under a new auto id).
/// </summary>
internal sealed record NewRow(object Pk, object?[] Values, string? Meta, object? Replaces = null);

/// <summary>
/// Validates an Insert/Upsert against the collection as the proxy's insertTask.PreExecute does, in its order:
/// function outputs, the dynamic field, struct-array flattening, fields present/missing and the primary key, column
/// properties, the partition (<paramref name="checkPartition"/>), then the per-column checks of
/// <see cref="ColumnReader"/>; and builds the rows.
/// </summary>
internal static class RowBuilder
{
    public static List<NewRow> Build(CollectionState c, RepeatedField<FieldData> fieldsData, uint numRows, bool upsert, ServerState state,
        bool materialize, Action checkPartition)
    {
        int n = checked((int)numRows);
        var schema = c.Schema;
        CheckFunctionOutputs(c, fieldsData);
        FieldData? meta = null;
        if (schema.EnableDynamicField)
        {
            meta = fieldsData.FirstOrDefault(f => f.IsDynamic) ?? fieldsData.FirstOrDefault(f => f.FieldName == "$meta");
            if (meta is not null) VerifyDynamic(c, meta);
        }

        // checkAndFlattenStructFieldData
        var columns = new List<(string Name, FieldData Data)>();
        int structCount = 0;
        foreach (var fd in fieldsData)
        {
            if (fd == meta || c.Field(fd.FieldName) is not null) { columns.Add((fd.FieldName, fd)); continue; }
            var s = c.Struct(fd.FieldName)
                ?? throw ServerError.Unexpected($"fieldName {fd.FieldName} not exist in collection schema, fieldType {TypeNames.Go(fd.Type)}, fieldId {fd.FieldId}");
            structCount++;
            if (fd.FieldCase != FieldData.FieldOneofCase.StructArrays)
                throw ServerError.Unexpected($"field convert FieldData_StructArrays fail in fieldData, fieldName: {s.Name}, collectionName:{schema.Name}");
            var subs = fd.StructArrays.Fields;
            if (subs.Count != s.Fields.Count)
                throw ServerError.Unexpected($"length of fields of struct field mismatch length of the fields in schema, fieldName: {s.Name}, collectionName:{schema.Name}, fieldData fields length:{subs.Count}, schema fields length:{s.Fields.Count}");
            int expected = -1;
            foreach (var sub in subs)
            {
                int len = sub.FieldCase switch
                {
                    FieldData.FieldOneofCase.Scalars => sub.Scalars.ArrayData?.Data.Count
                        ?? throw ServerError.Unexpected($"scalar array data is nil in struct field '{s.Name}', sub-field '{sub.FieldName}'"),
                    FieldData.FieldOneofCase.Vectors => sub.Vectors.VectorArray?.Data.Count
                        ?? throw ServerError.Unexpected($"vector array data is nil in struct field '{s.Name}', sub-field '{sub.FieldName}'"),
                    _ => throw ServerError.Unexpected($"unexpected field data type in struct array field, fieldName: {s.Name}"),
                };
                if (expected == -1) expected = len;
                else if (len != expected)
                    throw ServerError.Unexpected($"inconsistent array length in struct field '{s.Name}': expected {expected}, got {len} for sub-field '{sub.FieldName}'");
                // Flattened to "struct[sub]"; valid_data is not carried over.
                var copy = new FieldData { FieldName = $"{s.Name}[{sub.FieldName}]", FieldId = sub.FieldId, Type = sub.Type, IsDynamic = sub.IsDynamic };
                if (sub.FieldCase == FieldData.FieldOneofCase.Scalars) copy.Scalars = sub.Scalars; else copy.Vectors = sub.Vectors;
                columns.Add((copy.FieldName, copy));
            }
        }
        if (structCount != schema.StructArrayFields.Count)
            throw ServerError.Unexpected($"the number of struct array fields is not the same as needed, expected: {schema.StructArrayFields.Count}, actual: {structCount}");

        // checkPrimaryFieldData → checkFieldsDataBySchema
        if (n <= 0) throw ServerError.Invalid("num_rows should be greater than 0", "invalid num_rows", n);
        var byName = new Dictionary<string, FieldData>(StringComparer.Ordinal);
        foreach (var (name, fd) in columns)
            if (!byName.TryAdd(name, fd)) throw ServerError.Invalid($"duplicated field {name} found");
        var all = new List<(string Name, FieldSchema Field)>(schema.Fields.Select(f => (f.Name, f)));
        foreach (var s in schema.StructArrayFields) all.AddRange(s.Fields.Select(f => ($"{s.Name}[{f.Name}]", f)));
        var outputs = c.FunctionOutputs;
        var pk = c.PrimaryField;
        bool hasPk = byName.ContainsKey(pk.Name);
        bool autoGenPk = pk.AutoID && (!c.AllowInsertAutoId || !hasPk) && !upsert;
        int autoGen = 0, present = byName.Count + (schema.EnableDynamicField && meta is null ? 1 : 0);
        var cols = new List<InsertColumn>();
        foreach (var (name, f) in all)
        {
            bool generated = (f.IsPrimaryKey && autoGenPk) || outputs.Contains(f.Name);
            if (generated) autoGen++;
            if (byName.TryGetValue(name, out var fd)) { cols.Add(new InsertColumn { Field = f, Name = name, Data = fd }); continue; }
            if (generated) continue;
            if (!ColumnReader.HasDefault(f) && !f.Nullable) throw ServerError.Invalid($"fieldSchema({name}) has no corresponding fieldData pass in");
            cols.Add(new InsertColumn { Field = f, Name = name, Data = null });   // the proxy adds an empty column, all flags false
            present++;
        }
        int expectedColumns = all.Count + (schema.EnableDynamicField ? 1 : 0);
        if (present + autoGen != expectedColumns) throw ServerError.Invalid("more fieldData has pass in", expectedColumns, present + autoGen);
        if (pk.AutoID && hasPk && !upsert && !c.AllowInsertAutoId)
            throw ServerError.Invalid($"can not assign primary field data when auto id enabled and allow_insert_auto_id is false {pk.Name}");

        // fillFieldPropertiesOnly: the schema's type wins over FieldData.type; Array columns need array_data.
        foreach (var col in cols.Where(x => x.Data is not null))
        {
            if (col.Field.DataType == DataType.Array && col.Data!.Scalars?.ArrayData is null)
                throw ServerError.Unexpected($"field convert FieldData_Scalars fail in fieldData, fieldName: {col.Name}, collectionName: {schema.Name}");
            if (col.Field.DataType == DataType.ArrayOfVector && col.Data!.Vectors?.VectorArray is null)
                throw ServerError.Unexpected($"field convert FieldData_Vectors fail in fieldData, fieldName: {col.Name}, collectionName: {schema.Name}");
        }
        checkPartition();

        // validateUtil.Validate: per-type checks, fill, alignment
        foreach (var col in cols) ColumnReader.CheckType(col, c.Timezone, checkCapacity: !upsert);
        foreach (var col in cols) ColumnReader.Fill(col, n);
        foreach (var col in cols) ColumnReader.Align(col, n);
        foreach (var col in cols.Where(x => x.Field.DataType == DataType.Json))
            for (int i = 0; i < col.Raw.Count; i++)
            {
                using var doc = ColumnReader.ParseJson((string)col.Raw[i]!) ?? throw ServerError.Invalid($"invalid JSON in field {col.Name}, row {i}: {col.Raw[i]}");
            }
        var metaRows = meta?.Scalars?.JsonData?.Data;
        if (meta is not null)
        {
            var metaCol = new InsertColumn { Field = new FieldSchema { Name = "$meta", DataType = DataType.Json }, Name = "$meta", Data = meta };
            ColumnReader.CheckType(metaCol, c.Timezone, false);
            if (metaCol.Raw.Count != n) throw ServerError.Invalid($"the num_rows ({metaCol.Raw.Count}) of field ($meta) is not equal to passed num_rows ({n})", n, metaCol.Raw.Count);
        }

        // rows
        Func<int, object> pkOf;
        Func<int, object>? replaced = null;
        if (upsert)
        {
            var given = cols.First(x => x.Field.IsPrimaryKey);
            replaced = row => given.Value(row) ?? throw ServerError.Invalid("primary field not support null");
        }
        if (autoGenPk || (upsert && pk.AutoID))
        {
            long first = state.NewIds(n);
            pkOf = pk.DataType == DataType.VarChar ? row => (first + row).ToString(System.Globalization.CultureInfo.InvariantCulture) : row => first + row;
        }
        else
        {
            var pkCol = cols.First(x => x.Field.IsPrimaryKey);
            pkOf = row => pkCol.Value(row) ?? throw ServerError.Invalid("primary field not support null");
        }
        var rows = new List<NewRow>(materialize ? n : 0);
        var structCols = schema.StructArrayFields.Select(s => cols.Where(x => x.Name.StartsWith(s.Name + "[", StringComparison.Ordinal)).ToArray()).ToArray();
        for (int row = 0; row < n; row++)
        {
            var key = pkOf(row);
            if (!materialize) continue;
            var values = new object?[c.ColumnCount];
            foreach (var col in cols)
            {
                int i = c.FieldIndex(col.Name);
                if (i >= 0) values[i] = col.Value(row);
            }
            for (int s = 0; s < structCols.Length; s++)
            {
                var subs = structCols[s].Select(x => (Array)x.Value(row)!).ToArray();
                values[schema.Fields.Count + s] = new StructValue(subs.Length == 0 ? 0 : subs[0].Length, subs);
            }
            values[c.FieldIndex(pk.Name)] = key;
            string? metaText = schema.EnableDynamicField ? metaRows is null ? "{}" : metaRows[row].ToStringUtf8() : null;
            rows.Add(new NewRow(key, values, metaText, replaced?.Invoke(row)));
        }
        return rows;
    }

    /// <summary>genFunctionFields: BM25 outputs are never written; other outputs need the collection's permission.</summary>
    private static void CheckFunctionOutputs(CollectionState c, RepeatedField<FieldData> fieldsData)
    {
        bool allowOthers = c.Properties.TryGetValue("collection.function.allowInsertNonBM25FunctionOutputs", out var v) && bool.TryParse(v, out var b) && b;
        foreach (var fd in fieldsData)
            foreach (var fn in c.Schema.Functions.Where(fn => fn.OutputFieldNames.Contains(fd.FieldName)))
            {
                if (fn.Type == FunctionType.Bm25) throw ServerError.Unexpected("attempt to insert bm25 function output field");
                if (!allowOthers)
                    throw ServerError.Unexpected("Insert data has function output field, but collection's property `collection.function.allowInsertNonBM25FunctionOutputs` is not enable");
            }
    }

    /// <summary>verifyDynamicFieldData: every $meta row a JSON object without the $meta key or static field names.</summary>
    private static void VerifyDynamic(CollectionState c, FieldData meta)
    {
        var staticNames = c.Schema.Fields.Select(f => f.Name).ToList();
        foreach (var row in meta.Scalars?.JsonData?.Data ?? [])
        {
            JsonDocument doc;
            try { doc = JsonDocument.Parse(row.Memory); }
            catch (JsonException e) { throw ServerError.IoFailed($"invalid character in JSON: {e.Message}"); }
            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    throw ServerError.IoFailed($"json: cannot unmarshal {GoKind(doc.RootElement.ValueKind)} into Go value of type map[string]interface {{}}");
                if (doc.RootElement.TryGetProperty("$meta", out _)) throw ServerError.Unexpected("cannot set json key to: $meta");
                foreach (var name in staticNames)
                    if (doc.RootElement.TryGetProperty(name, out _)) throw ServerError.Unexpected($"dynamic field name cannot include the static field name: {name}");
            }
        }
    }

    private static string GoKind(JsonValueKind k) => k switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };
}
