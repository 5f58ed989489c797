namespace MilvusDM.TestServer.Expressions;

/// <summary>Reads a field (or a dynamic $meta key, or a JSON path) from the row being evaluated.</summary>
internal interface IRowAccessor
{
    object? Get(string field, IReadOnlyList<string> jsonPath);
}

/// <summary>A parsed expression node.</summary>
internal abstract record Expr
{
    public abstract object? Eval(IRowAccessor row);
}

/// <summary>An error in an expression: Milvus reports it inside "cannot parse expression: &lt;expr&gt;, error: &lt;this&gt;".</summary>
internal sealed class ExprError(string message) : Exception(message);

/// <summary>A constant; <paramref name="Template"/> when it came from a {placeholder} (Milvus skips type checks then).</summary>
internal sealed record LiteralExpr(object? Value, bool Template = false) : Expr
{
    public override object? Eval(IRowAccessor row) => Value;
}

internal sealed record ListExpr(IReadOnlyList<Expr> Items) : Expr
{
    public override object? Eval(IRowAccessor row) => Items.Select(i => i.Eval(row)).ToList();
}

internal sealed record FieldExpr(string Name, IReadOnlyList<string> JsonPath) : Expr
{
    public override object? Eval(IRowAccessor row) => row.Get(Name, JsonPath);
}

internal sealed record NotExpr(Expr Inner) : Expr
{
    public override object? Eval(IRowAccessor row) => !Values.Truth(Inner.Eval(row));
}

internal sealed record AndExpr(Expr Left, Expr Right) : Expr
{
    public override object? Eval(IRowAccessor row) => Values.Truth(Left.Eval(row)) && Values.Truth(Right.Eval(row));
}

internal sealed record OrExpr(Expr Left, Expr Right) : Expr
{
    public override object? Eval(IRowAccessor row) => Values.Truth(Left.Eval(row)) || Values.Truth(Right.Eval(row));
}

internal sealed record CompareExpr(string Op, Expr Left, Expr Right) : Expr
{
    public override object? Eval(IRowAccessor row)
    {
        var l = Left.Eval(row);
        var r = Right.Eval(row);
        if (l is null || r is null) return false;   // comparisons with null never match, as in Milvus
        if (Op is "==" or "!=")
        {
            bool eq = Values.Equal(l, r);
            return Op == "==" ? eq : !eq;
        }
        int? c = Values.Compare(l, r);
        if (c is null) return false;
        return Op switch { "<" => c < 0, "<=" => c <= 0, ">" => c > 0, ">=" => c >= 0, _ => false };
    }
}

internal sealed record InExpr(Expr Value, ListExpr List, bool Negated) : Expr
{
    public override object? Eval(IRowAccessor row)
    {
        var v = Value.Eval(row);
        if (v is null) return false;
        bool found = List.Items.Any(i => Values.Equal(v, i.Eval(row)));
        return Negated ? !found : found;
    }
}

internal sealed record LikeExpr(Expr Value, string Pattern) : Expr
{
    public override object? Eval(IRowAccessor row) => Value.Eval(row) is string s && Values.Like(s, Pattern);
}

internal sealed record IsNullExpr(Expr Value, bool Negated) : Expr
{
    public override object? Eval(IRowAccessor row) => (Value.Eval(row) is null) != Negated;
}
