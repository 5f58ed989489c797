namespace MilvusDM.TestServer.Expressions;

internal enum TokenKind { Identifier, Number, String, Symbol, Template, End }

internal readonly record struct Token(TokenKind Kind, string Text, object? Value, int Position);
