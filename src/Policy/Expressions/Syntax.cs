using System.Globalization;
using System.Text;

namespace Entitlements.Policy.Expressions;

internal enum TokenKind
{
    Number,
    String,
    Bool,
    Identifier,
    Operator,
    LeftParen,
    RightParen,
    Comma,
    End,
}

internal readonly record struct Token(TokenKind Kind, string Text, double Number, int Position);

/// <summary>Abstract syntax of a matcher expression (govaluate dialect).</summary>
internal abstract record Node;

internal sealed record LiteralNode(object? Value) : Node;

/// <summary>A parameter such as <c>r_sub</c>, <c>p_obj</c>, with an optional accessor path (<c>r_obj.Owner.Name</c>).</summary>
internal sealed record ParameterNode(string Name, IReadOnlyList<string> Path) : Node;

internal sealed record UnaryNode(string Operator, Node Operand) : Node;

internal sealed record BinaryNode(string Operator, Node Left, Node Right) : Node;

internal sealed record CallNode(string Name, IReadOnlyList<Node> Arguments) : Node;

/// <summary>A parenthesised comma list: <c>('a', 'b')</c>.</summary>
internal sealed record ListNode(IReadOnlyList<Node> Items) : Node;

internal static class Lexer
{
    private static readonly string[] Operators =
    [
        "**", "==", "!=", ">=", "<=", "=~", "!~", "&&", "||", "??", "<<", ">>",
        ">", "<", "!", "+", "-", "*", "/", "%", "?", ":", "&", "|", "^", "~",
    ];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", 0, i));
                return tokens;
            }

            var c = text[i];
            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                if (c == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X')
                {
                    i += 2;
                    while (i < text.Length && char.IsAsciiHexDigit(text[i]))
                    {
                        i++;
                    }

                    var hex = long.Parse(text.AsSpan(start + 2, i - start - 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    tokens.Add(new Token(TokenKind.Number, text[start..i], hex, start));
                    continue;
                }

                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                var span = text.AsSpan(start, i - start);
                if (!double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    throw new ExpressionException($"invalid number \"{span}\" at position {start + 1}");
                }

                tokens.Add(new Token(TokenKind.Number, span.ToString(), number, start));
                continue;
            }

            if (c is '\'' or '"')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new ExpressionException($"unclosed string literal starting at position {start + 1}");
                    }

                    var ch = text[i];
                    if (ch == '\\' && i + 1 < text.Length)
                    {
                        sb.Append(text[i + 1]);
                        i += 2;
                        continue;
                    }

                    if (ch == c)
                    {
                        i++;
                        break;
                    }

                    sb.Append(ch);
                    i++;
                }

                tokens.Add(new Token(TokenKind.String, sb.ToString(), 0, start));
                continue;
            }

            if (char.IsLetter(c) || c == '_' || c == '$')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '$'))
                {
                    i++;
                }

                var word = text[start..i];
                switch (word)
                {
                    case "true":
                        tokens.Add(new Token(TokenKind.Bool, word, 1, start));
                        break;
                    case "false":
                        tokens.Add(new Token(TokenKind.Bool, word, 0, start));
                        break;
                    case "in":
                    case "IN":
                        tokens.Add(new Token(TokenKind.Operator, "in", 0, start));
                        break;
                    default:
                        tokens.Add(new Token(TokenKind.Identifier, word, 0, start));
                        break;
                }

                continue;
            }

            if (c == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    throw new ExpressionException($"unclosed [ at position {start + 1}");
                }

                tokens.Add(new Token(TokenKind.Identifier, text[(i + 1)..close], 0, start));
                i = close + 1;
                continue;
            }

            switch (c)
            {
                case '(':
                    tokens.Add(new Token(TokenKind.LeftParen, "(", 0, start));
                    i++;
                    continue;
                case ')':
                    tokens.Add(new Token(TokenKind.RightParen, ")", 0, start));
                    i++;
                    continue;
                case ',':
                    tokens.Add(new Token(TokenKind.Comma, ",", 0, start));
                    i++;
                    continue;
            }

            var matched = false;
            foreach (var op in Operators)
            {
                if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0)
                {
                    tokens.Add(new Token(TokenKind.Operator, op, 0, start));
                    i += op.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                throw new ExpressionException($"invalid character '{c}' at position {start + 1}");
            }
        }
    }
}

/// <summary>Recursive-descent parser with govaluate's precedence levels.</summary>
internal sealed class Parser
{
    private static readonly string[][] BinaryLevels =
    [
        ["||"],
        ["&&"],
        ["==", "!=", ">", ">=", "<", "<=", "=~", "!~", "in"],
        ["&", "|", "^"],
        ["<<", ">>"],
        ["+", "-"],
        ["*", "/", "%"],
        ["**"],
    ];

    private readonly List<Token> _tokens;
    private readonly string _text;
    private int _pos;

    private Parser(string text)
    {
        _text = text;
        _tokens = Lexer.Tokenize(text);
    }

    public static Node Parse(string text)
    {
        var parser = new Parser(text);
        if (parser.Peek.Kind == TokenKind.End)
        {
            throw new ExpressionException("empty expression");
        }

        var node = parser.ParseTernary();
        if (parser.Peek.Kind != TokenKind.End)
        {
            throw parser.Error($"unexpected \"{parser.Peek.Text}\"");
        }

        return node;
    }

    private Token Peek => _tokens[_pos];

    private ExpressionException Error(string reason) =>
        new($"{reason} at position {Peek.Position + 1} in expression \"{_text}\"");

    private Node ParseTernary()
    {
        var left = ParseBinary(0);
        while (Peek.Kind == TokenKind.Operator && Peek.Text is "?" or ":" or "??")
        {
            var op = _tokens[_pos++].Text;
            var right = ParseBinary(0);
            left = new BinaryNode(op, left, right);
        }

        return left;
    }

    private Node ParseBinary(int level)
    {
        if (level >= BinaryLevels.Length)
        {
            return ParseUnary();
        }

        var left = ParseBinary(level + 1);
        while (Peek.Kind == TokenKind.Operator && Array.IndexOf(BinaryLevels[level], Peek.Text) >= 0)
        {
            var op = _tokens[_pos++].Text;
            var right = ParseBinary(level + 1);
            left = new BinaryNode(op, left, right);
        }

        return left;
    }

    private Node ParseUnary()
    {
        if (Peek.Kind == TokenKind.Operator && Peek.Text is "!" or "-" or "~")
        {
            var op = _tokens[_pos++].Text;
            return new UnaryNode(op, ParseUnary());
        }

        return ParsePrimary();
    }

    private Node ParsePrimary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.Number:
                _pos++;
                return new LiteralNode(token.Number);
            case TokenKind.String:
                _pos++;
                return new LiteralNode(token.Text);
            case TokenKind.Bool:
                _pos++;
                return new LiteralNode(token.Number != 0);
            case TokenKind.LeftParen:
                {
                    _pos++;
                    var items = ParseList();
                    Expect(TokenKind.RightParen);
                    return items.Count == 1 ? items[0] : new ListNode(items);
                }

            case TokenKind.Identifier:
                {
                    _pos++;
                    if (Peek.Kind == TokenKind.LeftParen)
                    {
                        _pos++;
                        var args = Peek.Kind == TokenKind.RightParen ? [] : ParseList();
                        Expect(TokenKind.RightParen);
                        return new CallNode(token.Text, args);
                    }

                    var parts = token.Text.Split('.');
                    if (parts.Any(p => p.Length == 0))
                    {
                        throw Error($"invalid accessor \"{token.Text}\"");
                    }

                    return new ParameterNode(parts[0], parts[1..]);
                }

            case TokenKind.End:
                throw Error("unexpected end of expression");
            default:
                throw Error($"unexpected \"{token.Text}\"");
        }
    }

    private List<Node> ParseList()
    {
        var items = new List<Node> { ParseTernary() };
        while (Peek.Kind == TokenKind.Comma)
        {
            _pos++;
            items.Add(ParseTernary());
        }

        return items;
    }

    private void Expect(TokenKind kind)
    {
        if (Peek.Kind != kind)
        {
            throw Error(kind == TokenKind.RightParen ? "missing )" : $"expected {kind}");
        }

        _pos++;
    }
}
