using System.Text;

namespace IvrService.Sip;

/// <summary>Lexical rules of RFC 3261 §25 shared by the header parsers.</summary>
internal static class SipText
{
    // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    public static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';

    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Index of <paramref name="target"/> outside quoted strings and angle brackets, or -1.</summary>
    public static int IndexOfUnquoted(ReadOnlySpan<char> text, char target)
    {
        var inQuotes = false;
        var angle = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }

                continue;
            }

            if (c == target && angle == 0)
            {
                return i;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case '<':
                    angle++;
                    break;
                case '>' when angle > 0:
                    angle--;
                    break;
            }
        }

        return -1;
    }

    /// <summary>True when the text is one quoted string from its first to its last character.</summary>
    public static bool IsCompleteQuotedString(ReadOnlySpan<char> text) =>
        text.Length >= 2 && QuotedStringLength(text) == text.Length;

    /// <summary>Length of the quoted string that starts the text (quotes included), or -1 when it is not closed.</summary>
    public static int QuotedStringLength(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text[0] != '"')
        {
            return -1;
        }

        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                continue;
            }

            if (text[i] == '"')
            {
                return i + 1;
            }
        }

        return -1;
    }

    /// <summary>Removes the quotes of a quoted string and resolves its backslash escapes; other text is returned trimmed.</summary>
    public static string Unquote(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (!IsCompleteQuotedString(text))
        {
            return text.ToString();
        }

        var inner = text[1..^1];
        if (inner.IndexOf('\\') < 0)
        {
            return inner.ToString();
        }

        var builder = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                i++;
            }

            builder.Append(inner[i]);
        }

        return builder.ToString();
    }

    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Splits a header value at commas that are outside quoted strings and angle brackets.</summary>
    public static List<string> SplitCommaSeparated(string value)
    {
        var parts = new List<string>(1);
        var rest = value.AsSpan();
        while (true)
        {
            var comma = IndexOfUnquoted(rest, ',');
            var part = (comma < 0 ? rest : rest[..comma]).Trim();
            if (!part.IsEmpty)
            {
                parts.Add(part.Length == value.Length ? value : part.ToString());
            }

            if (comma < 0)
            {
                return parts;
            }

            rest = rest[(comma + 1)..];
        }
    }
}
