using System.Globalization;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Storage;
using MilvusDM.TestServer.Validation;

namespace MilvusDM.TestServer.Expressions;

/// <summary>
/// The type rules Milvus's plan parser (internal/parser/planparserv2) applies while it builds a plan: fields must
/// exist (or resolve into the dynamic field), Text fields cannot be filtered, comparisons need comparable types
/// (canBeComparedDataType), and 'in' list values must cast to the field's type. Violations are
/// <see cref="ExprError"/>s carrying the parser's inner message.
/// </summary>
internal static class TypeCheck
{
    /// <summary>A type as the parser tracks it: the data type and, for arrays, the element type.</summary>
    private readonly record struct T(DataType Type, DataType Element = DataType.None, bool Template = false, bool Constant = false, object? Value = null);

    public static void Check(Expr e, CollectionState c) => Visit(e, c);

    private static T Visit(Expr e, CollectionState c)
    {
        switch (e)
        {
            case LiteralExpr l:
                return new T(TypeOf(l.Value), l.Value is List<object?> items ? ElementOf(items) : DataType.None, l.Template, true, l.Value);
            case ListExpr list:
                var values = list.Items.Select(i => i is LiteralExpr x ? x.Value : null).ToList();
                return new T(DataType.Array, ElementOf(values), list.Items.Any(i => i is LiteralExpr { Template: true }), true, values);
            case FieldExpr f:
                return FieldType(f, c);
            case NotExpr n:
                Visit(n.Inner, c);
                return new T(DataType.Bool);
            case AndExpr a:
                Visit(a.Left, c); Visit(a.Right, c);
                return new T(DataType.Bool);
            case OrExpr o:
                Visit(o.Left, c); Visit(o.Right, c);
                return new T(DataType.Bool);
            case CompareExpr cmp:
                Compare(cmp, Visit(cmp.Left, c), Visit(cmp.Right, c));
                return new T(DataType.Bool);
            case InExpr term:
                Term(term, Visit(term.Value, c), c);
                return new T(DataType.Bool);
            case LikeExpr like:
                Visit(like.Value, c);
                return new T(DataType.Bool);
            case IsNullExpr isNull:
                Visit(isNull.Value, c);
                return new T(DataType.Bool);
            default:
                return new T(DataType.None);
        }
    }

    private static T FieldType(FieldExpr f, CollectionState c)
    {
        var field = c.Field(f.Name);
        if (field is null)
        {
            if (f.Name == "$meta" && c.Schema.EnableDynamicField) return new T(DataType.Json);
            if (c.Schema.EnableDynamicField) return new T(DataType.Json);
            throw new ExprError($"field {f.Name} not exist");
        }
        if (field.DataType == DataType.Text) throw new ExprError($"filter on text field ({field.Name}) is not supported yet");
        if (field.DataType == DataType.Json) return new T(DataType.Json);
        if (field.DataType == DataType.Array && f.JsonPath.Count > 0) return new T(field.ElementType);
        return new T(field.DataType, field.ElementType);
    }

    private static void Compare(CompareExpr cmp, T left, T right)
    {
        if (left.Constant && right.Constant) return;
        if (left.Template || right.Template) return;
        if (!CanBeCompared(left, right))
            throw new ExprError($"comparisons between {Describe(left)} and {Describe(right)} are not supported");
        // handleCompareRightValue casts the constant to the column's type.
        var (column, value) = left.Constant ? (right, left) : (left, right);
        if (!value.Constant) return;
        if (!CanCast(column.Type, value))
            throw new ExprError($"cannot cast value to {TypeNames.Go(column.Type)}, value: {Generic(value.Value)}");
    }

    private static void Term(InExpr term, T column, CollectionState c)
    {
        if (column.Constant) throw new ExprError($"'term' can only be used on non-const expression, but got: {Text(term.Value)}");
        var type = column.Type;
        foreach (var item in term.List.Items)
        {
            var v = Visit(item, c);
            if (v.Template) continue;
            if (!v.Constant) throw new ExprError($"value '{Text(item)}' in list cannot be a non-const expression");
            if (!CanCast(type, v)) throw new ExprError($"value '{Generic(v.Value)}' in list cannot be casted to {TypeNames.Go(type)}");
        }
    }

    // castValue
    private static bool CanCast(DataType column, T value) =>
        column == DataType.Json
        || (column == DataType.Array && value.Type == DataType.Array)
        || (TypeNames.IsString(column) && value.Type == DataType.VarChar)
        || column == DataType.Timestamptz
        || (column == DataType.Bool && value.Type == DataType.Bool)
        || (column is DataType.Float or DataType.Double && value.Type is DataType.Double or DataType.Int64)
        || (TypeNames.IsInteger(column) && value.Type == DataType.Int64);

    private static bool CanBeCompared(T l, T r)
    {
        if (l.Type != DataType.Array && r.Type != DataType.Array) return Comparable(l.Type, r.Type);
        if (l.Type == DataType.Array && r.Type == DataType.Array) return Comparable(l.Element, r.Element);
        return l.Type == DataType.Array ? Comparable(l.Element, r.Type) : Comparable(l.Type, r.Element);
    }

    // canBeComparedDataType
    private static bool Comparable(DataType left, DataType right) => left switch
    {
        DataType.Bool => right is DataType.Bool or DataType.Json,
        _ when TypeNames.IsArithmetic(left) => TypeNames.IsArithmetic(right) || right == DataType.Json,
        DataType.String or DataType.VarChar => right is DataType.String or DataType.VarChar or DataType.Text or DataType.Json,
        DataType.Json => true,
        _ => false,
    };

    private static string Describe(T t) => t.Type == DataType.Array ? $"Array[{TypeNames.Go(t.Element)}]" : TypeNames.Go(t.Type);

    private static DataType TypeOf(object? v) => v switch
    {
        long or int => DataType.Int64,
        double or float => DataType.Double,
        string => DataType.VarChar,
        bool => DataType.Bool,
        List<object?> => DataType.Array,
        _ => DataType.None,
    };

    private static DataType ElementOf(IReadOnlyList<object?> items) => items.Count == 0 ? DataType.None
        : items.Select(TypeOf).Distinct().Count() == 1 ? TypeOf(items[0]) : DataType.Json;

    /// <summary>A planpb.GenericValue in protobuf text form, as Go prints it in these messages.</summary>
    private static string Generic(object? v) => v switch
    {
        bool b => $"bool_val:{(b ? "true" : "false")}",
        long or int => $"int64_val:{Convert.ToInt64(v, CultureInfo.InvariantCulture)}",
        double or float => $"float_val:{Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)}",
        string s => $"string_val:\"{s.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"",
        List<object?> items => $"array_val:{{{string.Join(" ", items.Select(i => $"array:{{{Generic(i)}}}"))}}}",
        _ => "",
    };

    private static string Text(Expr e) => e switch
    {
        FieldExpr f => f.Name + string.Concat(f.JsonPath.Select(p => $"[\"{p}\"]")),
        LiteralExpr l => Convert.ToString(l.Value, CultureInfo.InvariantCulture) ?? "",
        _ => e.ToString() ?? "",
    };
}
