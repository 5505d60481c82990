using System.Globalization;
using System.Text;

namespace IvrService.Sip;

/// <summary>
/// Parses one SIP message (RFC 3261 §7, §25): a UDP datagram or a message framed out of a TCP stream.
/// Never throws on bad input; the result says what is wrong and which status a request deserves.
/// </summary>
public static class SipMessageParser
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Largest header section accepted; beyond it a message is treated as an attack.</summary>
    public const int MaxHeaderBytes = 16 * 1024;

    public static SipParseResult Parse(ReadOnlySpan<byte> data, SipTransportKind transport = SipTransportKind.Udp)
    {
        // Leading CRLFs between messages are allowed on streams and used as keep-alives (RFC 5626 §3.5.1).
        var start = 0;
        while (start + 1 < data.Length && data[start] == '\r' && data[start + 1] == '\n')
        {
            start += 2;
        }

        data = data[start..];
        if (data.IsEmpty)
        {
            return SipParseResult.Invalid(null, "empty message");
        }

        var (headerLength, separatorLength) = FindHeaderEnd(data);
        if (headerLength < 0)
        {
            // A datagram whose last header ends the packet has no body and no blank line; accept it.
            if (data.Length >= 2 && data[^2] == '\r' && data[^1] == '\n')
            {
                headerLength = data.Length - 2;
                separatorLength = 2;
            }
            else
            {
                return SipParseResult.Invalid(null, "no empty line after the header fields");
            }
        }

        if (headerLength > MaxHeaderBytes)
        {
            return SipParseResult.Invalid(null, "header section too large", 513);
        }

        var headerText = Utf8.GetString(data[..headerLength]);
        var bodyBytes = data[Math.Min(data.Length, headerLength + separatorLength)..];
        var lines = SplitLines(headerText);
        if (lines.Count == 0 || lines[0].Length == 0)
        {
            return SipParseResult.Invalid(null, "missing start line");
        }

        SipMessage message;
        string? startLineError = null;
        var startLineStatus = 400;
        if (lines[0].StartsWith("SIP/", StringComparison.Ordinal))
        {
            if (!TryParseStatusLine(lines[0], out var response, out var error))
            {
                return SipParseResult.Invalid(null, error);
            }

            message = response;
        }
        else
        {
            var request = ParseRequestLine(lines[0], out startLineError, out startLineStatus);
            if (request is null)
            {
                return SipParseResult.Invalid(null, startLineError ?? "malformed request line");
            }

            message = request;
        }

        string? headerError = null;
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line.AsSpan(0, colon).TrimEnd(" \t") : [];
            if (colon <= 0 || !SipText.IsToken(name))
            {
                headerError ??= $"malformed header line {i + 1}: '{Shorten(line)}'";
                continue;
            }

            message.Headers.Add(name.ToString(), line.AsSpan(colon + 1).Trim(" \t").ToString());
        }

        var bodyError = ReadBody(message, bodyBytes, transport);
        var error2 = startLineError ?? headerError ?? bodyError ?? Validate(message);
        if (error2 is not null)
        {
            return SipParseResult.Invalid(message, error2, startLineError is not null ? startLineStatus : 400);
        }

        return SipParseResult.Valid(message);
    }

    /// <summary>Length of the header section and of the blank line after it, or (-1, 0).</summary>
    internal static (int HeaderLength, int SeparatorLength) FindHeaderEnd(ReadOnlySpan<byte> data)
    {
        var crlf = data.IndexOf("\r\n\r\n"u8);
        var lf = data.IndexOf("\n\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            return (crlf, 4);
        }

        return lf >= 0 ? (lf, 2) : (-1, 0);
    }

    /// <summary>Splits the header section into logical lines, unfolding continuation lines (§7.3.1).</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>(16);
        var builder = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && lines.Count > 0)
            {
                builder.Clear().Append(lines[^1].TrimEnd(' ', '\t')).Append(' ').Append(line.AsSpan().Trim(" \t"));
                lines[^1] = builder.ToString();
                continue;
            }

            lines.Add(line);
        }

        return lines;
    }

    private static bool TryParseStatusLine(string line, out SipResponse response, out string error)
    {
        response = null!;
        error = "";

        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
        var firstSpace = line.IndexOf(' ', StringComparison.Ordinal);
        if (firstSpace < 0 || line[..firstSpace] != "SIP/2.0")
        {
            error = "unsupported SIP version in status line";
            return false;
        }

        var rest = line.AsSpan(firstSpace + 1);
        var secondSpace = rest.IndexOf(' ');
        var codeText = secondSpace < 0 ? rest : rest[..secondSpace];
        if (codeText.Length != 3 ||
            !int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ||
            code is < 100 or > 699)
        {
            error = "status code is not a number from 100 to 699";
            return false;
        }

        response = new SipResponse(code, secondSpace < 0 ? "" : rest[(secondSpace + 1)..].ToString());
        return true;
    }

    private static SipRequest? ParseRequestLine(string line, out string? error, out int status)
    {
        error = null;
        status = 400;

        // Request-Line = Method SP Request-URI SP SIP-Version: exactly two single spaces.
        var parts = line.Split(' ');
        if (parts.Length < 3)
        {
            error = "malformed request line";
            return null;
        }

        var method = parts[0];
        if (!SipText.IsToken(method))
        {
            error = "request method is not a token";
            return null;
        }

        var version = parts[^1];
        var uriText = string.Join(' ', parts[1..^1]);
        SipUri? uri = null;
        if (parts.Length != 3 || uriText.Length == 0)
        {
            error = line.EndsWith(' ') ? "trailing whitespace in request line" :
                parts.Contains("") ? "more than one space between request line elements" :
                "whitespace inside the Request-URI";
            uri = SipUri.TryParse(uriText.Trim(), out var lenient) ? lenient : null;
        }
        else if (uriText.StartsWith('<'))
        {
            error = "Request-URI enclosed in '<' and '>'";
        }
        else if (!SipUri.TryParse(uriText, out uri))
        {
            error = "malformed Request-URI";
        }
        else if (uri.IsSip && uri.Headers is not null)
        {
            // RFC 3261 §19.1.5 forbids headers in a Request-URI; RFC 4475 §3.1.2.11 lets a liberal element ignore
            // them, and phones behind some PBXs send '?REQUIRE=replaces'. They are dropped, never applied.
            uri.Headers = null;
        }

        if (error is null && version != "SIP/2.0")
        {
            if (version.StartsWith("SIP/", StringComparison.Ordinal))
            {
                error = $"SIP version {version[4..]} is not supported";
                status = 505;
            }
            else
            {
                error = "malformed SIP version in request line";
            }
        }

        return new SipRequest(method, uri ?? SipUri.Create("sip", null, "invalid"));
    }

    private static string? ReadBody(SipMessage message, ReadOnlySpan<byte> available, SipTransportKind transport)
    {
        var lengths = message.Headers.GetValues(SipHeaderNames.ContentLength);
        if (lengths.Count == 0)
        {
            // Without Content-Length a datagram's body runs to its end (§18.3); on a stream it is empty.
            message.Body = transport == SipTransportKind.Udp ? available.ToArray() : ReadOnlyMemory<byte>.Empty;
            return null;
        }

        if (lengths.Count > 1)
        {
            return "more than one Content-Length value";
        }

        if (!int.TryParse(lengths[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return "Content-Length is not a non-negative number";
        }

        if (length > available.Length)
        {
            message.Body = available.ToArray();
            return $"Content-Length {length} is larger than the {available.Length}-byte body";
        }

        // Octets past Content-Length in a datagram are discarded (§18.3).
        message.Body = available[..length].ToArray();
        return null;
    }

    /// <summary>Checks what every request and response must carry (§8.1.1) and the syntax of those fields.</summary>
    private static string? Validate(SipMessage message)
    {
        if (message.Headers.GetValues(SipHeaderNames.Via).Count == 0)
        {
            return "missing Via header";
        }

        foreach (var line in message.Headers.GetLines(SipHeaderNames.Via))
        {
            foreach (var value in line.Split(','))
            {
                if (!SipVia.TryParse(value, out _))
                {
                    return $"malformed Via header: '{Shorten(value.Trim())}'";
                }
            }
        }

        foreach (var name in (ReadOnlySpan<string>)[SipHeaderNames.From, SipHeaderNames.To])
        {
            var lines = message.Headers.GetLines(name);
            if (lines.Count == 0)
            {
                return $"missing {name} header";
            }

            if (lines.Count > 1 || SipText.SplitCommaSeparated(lines[0]).Count > 1)
            {
                return $"more than one {name} value";
            }

            if (!SipNameAddress.TryParse(lines[0], out _, out var problem))
            {
                return $"malformed {name} header: {problem}";
            }
        }

        foreach (var contact in message.Headers.GetValues(SipHeaderNames.Contact))
        {
            if (contact != "*" && !SipNameAddress.TryParse(contact, out _, out var contactProblem))
            {
                return $"malformed Contact header: {contactProblem}";
            }
        }

        var callIds = message.Headers.GetLines(SipHeaderNames.CallId);
        if (callIds.Count == 0 || callIds[0].Length == 0)
        {
            return "missing Call-ID header";
        }

        if (callIds.Count > 1 || callIds[0].IndexOfAny([' ', '\t', ',']) >= 0)
        {
            return "more than one Call-ID value";
        }

        var cseqText = message.Headers[SipHeaderNames.CSeq];
        if (cseqText is null)
        {
            return "missing CSeq header";
        }

        if (message.Headers.CountLines(SipHeaderNames.CSeq) > 1)
        {
            return "more than one CSeq value";
        }

        if (message.CSeq is not { } cseq)
        {
            return "malformed CSeq header: sequence number must be below 2^31 and a method must follow";
        }

        if (message is SipRequest request)
        {
            // RFC 4475 §3.1.2.18: an unknown method is answered 501 whatever its CSeq says.
            if (cseq.Method != request.Method && SipMethods.IsKnown(request.Method))
            {
                return $"CSeq method {cseq.Method} does not match request method {request.Method}";
            }

            var maxForwards = request.Headers[SipHeaderNames.MaxForwards];
            if (maxForwards is not null &&
                (!int.TryParse(maxForwards, NumberStyles.None, CultureInfo.InvariantCulture, out var hops) || hops > 255))
            {
                return "Max-Forwards is not a number from 0 to 255";
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
