using System.Globalization;
using System.Text;

namespace MilvusDM.TestServer.Validation;

/// <summary>
/// Well-known text as Milvus handles Geometry: the proxy parses each WKT string (go-geom's wkt.Unmarshal), stores WKB,
/// and turns it back into WKT on output (wkt.Marshal). <see cref="Normalize"/> does the round trip in one step:
/// it parses POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON and GEOMETRYCOLLECTION (with
/// Z, M, ZM and EMPTY) and writes them as go-geom does — "POINT (1 2)", "MULTIPOINT (1 2, 3 4)", coordinates in
/// shortest fixed notation. Syntax errors carry go-geom's "syntax error: … at line 1, pos N" form.
/// </summary>
internal sealed class Wkt
{
    private static readonly string[] Types = ["GEOMETRYCOLLECTION", "MULTILINESTRING", "MULTIPOLYGON", "MULTIPOINT", "LINESTRING", "POLYGON", "POINT"];

    private readonly string _text;
    private int _pos;

    private Wkt(string text) => _text = text;

    /// <summary>The canonical text of <paramref name="text"/>; throws <see cref="WktException"/> when it does not parse.</summary>
    public static string Normalize(string text)
    {
        var p = new Wkt(text);
        var sb = new StringBuilder();
        p.Geometry(sb, outerStride: null);
        p.SkipSpace();
        if (p._pos < text.Length) throw p.Error($"unexpected {p.Describe()}");
        return sb.ToString();
    }

    private void Geometry(StringBuilder sb, int? outerStride)
    {
        SkipSpace();
        string type = Types.FirstOrDefault(t => string.Compare(_text, _pos, t, 0, t.Length, StringComparison.OrdinalIgnoreCase) == 0)
            ?? throw Error(_pos >= _text.Length ? "unexpected $end" : $"invalid keyword {Describe()}");
        _pos += type.Length;
        int? stride = null;
        string tag = "";
        SkipSpace();
        if (Keyword("ZM")) { stride = 4; tag = "ZM "; }
        else if (Keyword("Z")) { stride = 3; tag = "Z "; }
        else if (Keyword("M")) { stride = 3; tag = "M "; }
        stride ??= outerStride;
        sb.Append(type).Append(' ');
        int tagAt = sb.Length;
        sb.Append(tag);
        SkipSpace();
        if (Keyword("EMPTY")) { sb.Append("EMPTY"); return; }
        int dims = stride ?? 0;
        switch (type)
        {
            case "POINT": Coords(sb, ref dims, depth: 0); break;
            case "LINESTRING": Coords(sb, ref dims, depth: 1); break;
            case "POLYGON" or "MULTILINESTRING": Coords(sb, ref dims, depth: 2); break;
            case "MULTIPOLYGON": Coords(sb, ref dims, depth: 3); break;
            case "MULTIPOINT": MultiPoint(sb, ref dims); break;
            default:
                Expect('(');
                sb.Append('(');
                do
                {
                    if (sb[^1] != '(') sb.Append(", ");
                    Geometry(sb, stride);
                } while (Accept(','));
                Expect(')');
                sb.Append(')');
                return;
        }
        if (tag.Length == 0 && dims > 2) sb.Insert(tagAt, dims == 3 ? "Z " : "ZM ");
    }

    // depth 0: "(x y)"; 1: "(x y, x y)"; 2: "((…), (…))"; 3: "(((…)), ((…)))".
    private void Coords(StringBuilder sb, ref int dims, int depth)
    {
        Expect('(');
        sb.Append('(');
        bool first = true;
        do
        {
            if (!first) sb.Append(", ");
            first = false;
            if (depth <= 1) Coord(sb, ref dims);
            else Coords(sb, ref dims, depth - 1);
        } while (depth > 0 && Accept(','));
        Expect(')');
        sb.Append(')');
    }

    // MULTIPOINT takes "(1 2, 3 4)" and "((1 2), (3 4))"; go-geom writes the first.
    private void MultiPoint(StringBuilder sb, ref int dims)
    {
        Expect('(');
        sb.Append('(');
        bool first = true;
        do
        {
            if (!first) sb.Append(", ");
            first = false;
            SkipSpace();
            if (Accept('('))
            {
                Coord(sb, ref dims);
                Expect(')');
            }
            else Coord(sb, ref dims);
        } while (Accept(','));
        Expect(')');
        sb.Append(')');
    }

    private void Coord(StringBuilder sb, ref int dims)
    {
        var values = new List<double>();
        while (true)
        {
            SkipSpace();
            int start = _pos;
            while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] is '.' or '-' or '+' or 'e' or 'E')) _pos++;
            if (start == _pos) break;
            if (!double.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                _pos = start;
                throw Error($"invalid number {_text[start.._pos]}");
            }
            values.Add(v);
        }
        if (values.Count is < 2 or > 4) throw Error(values.Count < 2 ? $"unexpected {Describe()}" : "too many coordinates");
        if (dims == 0) dims = values.Count;
        else if (dims != values.Count) throw Error($"mixed dimensionality: expected {dims} coordinates, got {values.Count}");
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(FormatNumber(values[i]));
        }
    }

    /// <summary>Go's strconv.FormatFloat(x, 'f', -1, 64): the shortest round-trip digits, never an exponent.</summary>
    public static string FormatNumber(double x)
    {
        string r = x.ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOfAny(['E', 'e']);
        if (e < 0) return r;
        bool negative = r[0] == '-';
        string mantissa = r[(negative ? 1 : 0)..e].Replace(".", "");
        int pointAt = (r.IndexOf('.') is var dot and >= 0 ? dot - (negative ? 1 : 0) : e - (negative ? 1 : 0)) + int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        string digits = pointAt <= 0 ? "0." + new string('0', -pointAt) + mantissa
            : pointAt >= mantissa.Length ? mantissa + new string('0', pointAt - mantissa.Length)
            : mantissa[..pointAt] + "." + mantissa[pointAt..];
        return (negative ? "-" : "") + digits;
    }

    private bool Keyword(string word)
    {
        if (string.Compare(_text, _pos, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
        int end = _pos + word.Length;
        if (end < _text.Length && char.IsLetter(_text[end])) return false;
        _pos = end;
        SkipSpace();
        return true;
    }

    private bool Accept(char c)
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == c) { _pos++; return true; }
        return false;
    }

    private void Expect(char c)
    {
        if (!Accept(c)) throw Error($"unexpected {Describe()}");
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private string Describe() => _pos >= _text.Length ? "$end" : $"'{_text[_pos]}'";

    private WktException Error(string problem)
    {
        int pos = Math.Min(_pos, _text.Length);
        string line = _text.Replace('\t', ' ').Split('\n')[0];
        return new WktException($"syntax error: {problem} at line 1, pos {pos}\nLINE 1: {line}\n{new string(' ', "LINE 1: ".Length + pos)}^");
    }
}

internal sealed class WktException(string message) : Exception(message);
