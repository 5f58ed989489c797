using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>Checks that a source's columns fit an existing collection; a mismatch names both sides.</summary>
public static class SchemaCompatibility
{
    public static void Check(CollectionSpec source, CollectionSpec target)
    {
        var problems = new List<string>();
        var sourcePk = source.Fields.FirstOrDefault(f => f.IsPrimaryKey);
        var targetPk = target.PrimaryField;
        if (sourcePk is not null && (sourcePk.Name != targetPk.Name || sourcePk.DataType != targetPk.DataType))
            problems.Add($"primary key: source {Describe(sourcePk)}, collection '{target.Name}' {Describe(targetPk)}");

        foreach (var s in source.Fields.Where(f => !f.IsFunctionOutput && !f.IsDynamic && !(f.IsPrimaryKey && targetPk.AutoId)))
        {
            var t = target.Field(s.Name);
            if (t is null)
            {
                if (!target.EnableDynamicField) problems.Add($"field '{s.Name}': source {Describe(s)}, collection '{target.Name}' has no such field");
                continue;
            }
            if (t.IsFunctionOutput) { problems.Add($"field '{s.Name}': the collection computes it with a function"); continue; }
            if (s.DataType != t.DataType || (s.DataType.IsDenseVector() && s.Dimension != t.Dimension)
                || (s.DataType == MilvusDataType.Array && s.ElementType != t.ElementType))
                problems.Add($"field '{s.Name}': source {Describe(s)}, collection '{target.Name}' {Describe(t)}");
        }
        foreach (var t in target.Fields.Where(f => !f.IsFunctionOutput && !(f.IsPrimaryKey && f.AutoId) && !f.IsNullable && f.DefaultValue is null))
            if (source.Field(t.Name) is null)
                problems.Add($"field '{t.Name}': collection '{target.Name}' requires {Describe(t)}, the source has no such field");

        if (problems.Count > 0)
            throw new MilvusDMException(MilvusDMErrorKind.SchemaMismatch, "CollectionSchemaMismatch",
                $"The source does not fit collection '{target.Name}': {string.Join("; ", problems)}.",
                "Write to another collection name, or use {Mode Overwrite} to drop and recreate it from the source schema.");
    }

    public static string Describe(FieldSpec f) => f.DataType switch
    {
        _ when f.DataType.IsDenseVector() => $"{f.DataType}(dim {f.Dimension})",
        MilvusDataType.VarChar => $"VarChar(max_length {f.MaxLength})",
        MilvusDataType.Array => $"Array<{f.ElementType}>",
        _ => f.DataType.ToString(),
    };
}
