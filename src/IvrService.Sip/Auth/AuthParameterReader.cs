using System.Text;

namespace IvrService.Sip.Auth;

/// <summary>
/// Reads an auth-param list (RFC 7235 §2.1 / RFC 3261 §25.1): <c>name = token | quoted-string</c>
/// separated by commas, with optional whitespace anywhere between the parts. Tolerant of the
/// things real peers send (empty list elements, unquoted base64 nonces); never throws.
/// </summary>
internal ref struct AuthParameterReader
{
    /// <summary>Header values longer than this are refused outright: nothing legitimate comes close.</summary>
    public const int MaxInputLength = 8 * 1024;

    private ReadOnlySpan<char> _remaining;

    private AuthParameterReader(ReadOnlySpan<char> parameters)
    {
        _remaining = parameters;
        IsMalformed = false;
    }

    /// <summary>True once a syntax error was met; <see cref="TryReadNext"/> then returns false.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>
    /// Checks that <paramref name="headerValue"/> starts with <paramref name="scheme"/> (case-insensitive)
    /// followed by whitespace, and returns a reader over the parameters after it.
    /// </summary>
    public static bool TryStart(string? headerValue, string scheme, out AuthParameterReader reader)
    {
        reader = default;
        if (headerValue is null || headerValue.Length > MaxInputLength)
        {
            return false;
        }

        var span = headerValue.AsSpan().TrimStart(" \t\r\n");
        if (span.Length <= scheme.Length
            || !span[..scheme.Length].Equals(scheme, StringComparison.OrdinalIgnoreCase)
            || !IsWhitespace(span[scheme.Length]))
        {
            return false;
        }

        reader = new AuthParameterReader(span[scheme.Length..]);
        return true;
    }

    /// <summary>
    /// Reads the next parameter. Returns false at the end of the list, at the start of another
    /// challenge in the same value (a token not followed by '='), or on malformed input
    /// (then <see cref="IsMalformed"/> is set).
    /// </summary>
    public bool TryReadNext(out ReadOnlySpan<char> name, out string value)
    {
        name = default;
        value = string.Empty;
        if (IsMalformed)
        {
            return false;
        }

        // Empty list elements ("a=b, , c=d") are allowed by the #rule.
        _remaining = _remaining.TrimStart(" \t\r\n,");
        if (_remaining.IsEmpty)
        {
            return false;
        }

        var nameLength = 0;
        while (nameLength < _remaining.Length && IsTokenChar(_remaining[nameLength]))
        {
            nameLength++;
        }

        if (nameLength == 0)
        {
            return Fail();
        }

        name = _remaining[..nameLength];
        _remaining = _remaining[nameLength..].TrimStart(" \t\r\n");
        if (_remaining.IsEmpty || _remaining[0] != '=')
        {
            // "Digest a=b, Basic realm=x": a second challenge starts here; the caller stops.
            if (!_remaining.IsEmpty && IsTokenChar(_remaining[0]))
            {
                _remaining = default;
                name = default;
                return false;
            }

            return Fail();
        }

        _remaining = _remaining[1..].TrimStart(" \t\r\n");
        if (_remaining.IsEmpty)
        {
            return Fail();
        }

        if (_remaining[0] == '"')
        {
            if (!TryReadQuotedString(ref _remaining, out value))
            {
                return Fail();
            }
        }
        else
        {
            var valueLength = 0;
            while (valueLength < _remaining.Length && !IsWhitespace(_remaining[valueLength]) && _remaining[valueLength] != ',')
            {
                if (_remaining[valueLength] == '"' || char.IsControl(_remaining[valueLength]))
                {
                    return Fail();
                }

                valueLength++;
            }

            if (valueLength == 0)
            {
                return Fail();
            }

            value = new string(_remaining[..valueLength]);
            _remaining = _remaining[valueLength..];
        }

        _remaining = _remaining.TrimStart(" \t\r\n");
        if (!_remaining.IsEmpty && _remaining[0] != ',')
        {
            return Fail();
        }

        return true;
    }

    /// <summary>Whether <paramref name="c"/> is an RFC 7230 tchar.</summary>
    public static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.'
            or '^' or '_' or '`' or '|' or '~';

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool TryReadQuotedString(ref ReadOnlySpan<char> input, out string value)
    {
        value = string.Empty;
        StringBuilder? unescaped = null;
        var segmentStart = 1;
        for (var i = 1; i < input.Length; i++)
        {
            var c = input[i];
            if (c == '\\')
            {
                if (i + 1 >= input.Length)
                {
                    return false;
                }

                unescaped ??= new StringBuilder(input.Length);
                unescaped.Append(input[segmentStart..i]);
                unescaped.Append(input[i + 1]);
                i++;
                segmentStart = i + 1;
            }
            else if (c == '"')
            {
                if (unescaped is null)
                {
                    value = new string(input[1..i]);
                }
                else
                {
                    unescaped.Append(input[segmentStart..i]);
                    value = unescaped.ToString();
                }

                input = input[(i + 1)..];
                return true;
            }
            else if (c is '\0' or '\r' or '\n')
            {
                // Nothing we would want to echo back into a header.
                return false;
            }
        }

        return false;
    }

    private bool Fail()
    {
        IsMalformed = true;
        _remaining = default;
        return false;
    }
}
