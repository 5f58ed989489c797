using Milvus.Client.Grpc;

namespace MilvusDM.TestServer.Expressions;

/// <summary>
/// Recursive-descent parser for the boolean expressions Milvus accepts and MilvusDM uses:
/// comparisons, <c>in</c>/<c>not in</c> lists, <c>like</c>, <c>is [not] null</c>, and/or/not, parentheses,
/// JSON paths (<c>f["k"]</c>), and <c>{name}</c> template placeholders.
/// </summary>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private readonly IReadOnlyDictionary<string, TemplateValue> _templates;
    private readonly List<string> _fields = [];
    private int _pos;

    private Parser(string text, IReadOnlyDictionary<string, TemplateValue> templates)
    {
        _tokens = Lexer.Tokenize(text);
        _templates = templates;
    }

    /// <summary>Null for an empty expression (matches every row). <paramref name="fields"/> lists the field names it reads.</summary>
    public static Expr? Parse(string text, IReadOnlyDictionary<string, TemplateValue>? templates, out IReadOnlyList<string> fields)
    {
        fields = [];
        if (string.IsNullOrWhiteSpace(text)) return null;
        var p = new Parser(text, templates ?? new Dictionary<string, TemplateValue>());
        var e = p.ParseOr();
        if (p.Peek.Kind != TokenKind.End) throw Lexer.Fail($"unexpected '{p.Peek.Text}'", p.Peek.Position);
        fields = p._fields;
        return e;
    }

    private Token Peek => _tokens[_pos];
    private Token Next() => _tokens[_pos++];

    private bool AcceptWord(string word)
    {
        if (Peek.Kind == TokenKind.Identifier && string.Equals(Peek.Text, word, StringComparison.OrdinalIgnoreCase)) { _pos++; return true; }
        return false;
    }

    private bool AcceptSymbol(string symbol)
    {
        if (Peek.Kind == TokenKind.Symbol && Peek.Text == symbol) { _pos++; return true; }
        return false;
    }

    private void Expect(string symbol)
    {
        if (!AcceptSymbol(symbol)) throw Lexer.Fail($"expected '{symbol}'", Peek.Position);
    }

    private Expr ParseOr()
    {
        var e = ParseAnd();
        while (AcceptWord("or") || AcceptSymbol("||")) e = new OrExpr(e, ParseAnd());
        return e;
    }

    private Expr ParseAnd()
    {
        var e = ParseNot();
        while (AcceptWord("and") || AcceptSymbol("&&")) e = new AndExpr(e, ParseNot());
        return e;
    }

    private Expr ParseNot()
    {
        if (AcceptWord("not") || AcceptSymbol("!")) return new NotExpr(ParseNot());
        return ParseComparison();
    }

    private Expr ParseComparison()
    {
        var left = ParsePrimary();
        if (Peek.Kind == TokenKind.Symbol && Peek.Text is "==" or "!=" or "<" or "<=" or ">" or ">=")
            return new CompareExpr(Next().Text, left, ParsePrimary());
        if (AcceptWord("in")) return new InExpr(left, AsList(ParsePrimary()), false);
        if (AcceptWord("not"))
        {
            if (!AcceptWord("in")) throw Lexer.Fail("expected 'in' after 'not'", Peek.Position);
            return new InExpr(left, AsList(ParsePrimary()), true);
        }
        if (AcceptWord("like"))
            return Next() is { Kind: TokenKind.String, Value: string pattern } ? new LikeExpr(left, pattern)
                : throw Lexer.Fail("like needs a string pattern", Peek.Position);
        if (AcceptWord("is"))
        {
            bool negated = AcceptWord("not");
            if (!AcceptWord("null")) throw Lexer.Fail("expected 'null'", Peek.Position);
            return new IsNullExpr(left, negated);
        }
        return left;
    }

    private static ListExpr AsList(Expr e) => e as ListExpr
        ?? (e is LiteralExpr { Value: List<object?> items } l ? new ListExpr(items.Select(i => (Expr)new LiteralExpr(i, l.Template)).ToArray())
        : throw Lexer.Fail("'in' needs a list", 0));

    private Expr ParsePrimary()
    {
        var t = Next();
        switch (t.Kind)
        {
            case TokenKind.Number:
            case TokenKind.String:
                return new LiteralExpr(t.Value);
            case TokenKind.Template:
                return new LiteralExpr(_templates.TryGetValue(t.Text, out var tv) ? TemplateToValue(tv)
                    : throw Lexer.Fail($"no template value for '{{{t.Text}}}'", t.Position), Template: true);
            case TokenKind.Symbol when t.Text == "(":
                var inner = ParseOr();
                Expect(")");
                return inner;
            case TokenKind.Symbol when t.Text == "[":
                var items = new List<Expr>();
                if (!AcceptSymbol("]"))
                {
                    do items.Add(ParsePrimary()); while (AcceptSymbol(","));
                    Expect("]");
                }
                return new ListExpr(items);
            case TokenKind.Identifier when t.Text.Equals("true", StringComparison.OrdinalIgnoreCase):
                return new LiteralExpr(true);
            case TokenKind.Identifier when t.Text.Equals("false", StringComparison.OrdinalIgnoreCase):
                return new LiteralExpr(false);
            case TokenKind.Identifier:
                var path = new List<string>();
                while (AcceptSymbol("["))
                {
                    var key = Next();
                    path.Add(key.Kind switch
                    {
                        TokenKind.String => (string)key.Value!,
                        TokenKind.Number => key.Text,
                        _ => throw Lexer.Fail("a JSON path key must be a string or an index", key.Position),
                    });
                    Expect("]");
                }
                _fields.Add(t.Text);
                return new FieldExpr(t.Text, path);
            default:
                throw Lexer.Fail(t.Kind == TokenKind.End ? "unexpected end of expression" : $"unexpected '{t.Text}'", t.Position);
        }
    }

    private static object? TemplateToValue(TemplateValue v) => v.ValCase switch
    {
        TemplateValue.ValOneofCase.BoolVal => v.BoolVal,
        TemplateValue.ValOneofCase.Int64Val => v.Int64Val,
        TemplateValue.ValOneofCase.FloatVal => v.FloatVal,
        TemplateValue.ValOneofCase.StringVal => v.StringVal,
        TemplateValue.ValOneofCase.ArrayVal => v.ArrayVal.DataCase switch
        {
            TemplateArrayValue.DataOneofCase.BoolData => v.ArrayVal.BoolData.Data.Cast<object?>().ToList(),
            TemplateArrayValue.DataOneofCase.LongData => v.ArrayVal.LongData.Data.Cast<object?>().ToList(),
            TemplateArrayValue.DataOneofCase.DoubleData => v.ArrayVal.DoubleData.Data.Cast<object?>().ToList(),
            TemplateArrayValue.DataOneofCase.StringData => v.ArrayVal.StringData.Data.Cast<object?>().ToList(),
            _ => throw Lexer.Fail("unsupported template array", 0),
        },
        _ => null,
    };

    /// <summary>The key after which a scan may start: the literal of a top-level <c>pk &gt; x</c> conjunct.</summary>
    /// <summary>The keys of a plain <c>pk in [k1, k2…]</c> filter (a primary-key lookup, which Milvus answers from its pk index), or null.</summary>
    public static IReadOnlyList<object>? PrimaryKeysOf(Expr? e, string pkName) =>
        e is InExpr { Negated: false, Value: FieldExpr { JsonPath.Count: 0 } f, List: var list } && f.Name == pkName && list.Items.All(i => i is LiteralExpr)
            ? list.Items.Select(i => Values.Normalize(((LiteralExpr)i).Value)!).ToArray()
            : null;

    public static object? LowerBoundOf(Expr? e, string pkName) => e switch
    {
        CompareExpr { Op: ">", Left: FieldExpr { JsonPath.Count: 0 } f, Right: LiteralExpr { Value: var v } } when f.Name == pkName => Values.Normalize(v),
        AndExpr a => LowerBoundOf(a.Left, pkName) ?? LowerBoundOf(a.Right, pkName),
        _ => null,
    };
}
