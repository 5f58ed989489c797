using System.Globalization;
using System.Text;

namespace MilvusDM.TestServer.Expressions;

/// <summary>Splits a Milvus boolean expression into tokens (identifiers, numbers, quoted strings, operators, {templates}).</summary>
internal static class Lexer
{
    private static readonly string[] Symbols = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "[", "]", ","];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            int start = i;
            if (char.IsLetter(c) || c == '_' || c == '$')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '$')) i++;
                tokens.Add(new Token(TokenKind.Identifier, text[start..i], null, start));
            }
            else if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1]) && IsUnaryPosition(tokens)))
            {
                i++;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] is '.' or 'e' or 'E' || (text[i] is '+' or '-' && text[i - 1] is 'e' or 'E'))) i++;
                string num = text[start..i];
                object value = long.TryParse(num, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? (object)l
                    : double.TryParse(num, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                    : throw Fail($"invalid number '{num}'", start);
                tokens.Add(new Token(TokenKind.Number, num, value, start));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(new Token(TokenKind.String, "", ReadString(text, ref i), start));
            }
            else if (c == '{')
            {
                int close = text.IndexOf('}', i);
                if (close < 0) throw Fail("unterminated template placeholder", i);
                tokens.Add(new Token(TokenKind.Template, text[(i + 1)..close].Trim(), null, start));
                i = close + 1;
            }
            else
            {
                var sym = Symbols.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0)
                    ?? throw Fail($"unexpected character '{c}'", i);
                tokens.Add(new Token(TokenKind.Symbol, sym, null, start));
                i += sym.Length;
            }
        }
        tokens.Add(new Token(TokenKind.End, "", null, text.Length));
        return tokens;
    }

    private static bool IsUnaryPosition(List<Token> tokens) =>
        tokens.Count == 0 || tokens[^1].Kind == TokenKind.Symbol && tokens[^1].Text is not (")" or "]");

    private static string ReadString(string text, ref int i)
    {
        char quote = text[i++];
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= text.Length) throw Fail("unterminated string literal", i);
            char c = text[i++];
            if (c == quote) return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (i >= text.Length) throw Fail("unterminated escape", i);
            char e = text[i++];
            sb.Append(e switch
            {
                'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', 'v' => '\v', 'a' => '\a',
                '\\' or '"' or '\'' or '?' => e,
                _ => throw Fail($"invalid escape '\\{e}'", i - 2),
            });
        }
    }

    /// <summary>A syntax error; the caller wraps it as Milvus does ("cannot parse expression: …, error: …").</summary>
    internal static ExprError Fail(string what, int position) => new($"{what} at position {position}");
}
