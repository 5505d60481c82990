namespace IvrService.Sip;

/// <summary>Reads typed bodies out of a message, looking inside multipart/mixed (RFC 2046 §5.1) where needed.</summary>
public static class SipBody
{
    /// <summary>The first body part of the given type (e.g. application/sdp) as text, or null.</summary>
    public static string? FindPart(SipMessage message, string contentType)
    {
        if (message.Body.IsEmpty || message.ContentType is not { } type)
        {
            return null;
        }

        var (mediaType, boundary) = SplitContentType(type);
        if (mediaType.Equals(contentType, StringComparison.OrdinalIgnoreCase))
        {
            return message.BodyText;
        }

        if (!mediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) || boundary is null)
        {
            return null;
        }

        foreach (var (headers, body) in Parts(message.BodyText, boundary))
        {
            if (FindHeader(headers, SipHeaderNames.ContentType) is { } partType &&
                SplitContentType(partType).MediaType.Equals(contentType, StringComparison.OrdinalIgnoreCase))
            {
                return body;
            }
        }

        return null;
    }

    /// <summary>
    /// True when a receiver that does not understand the body may ignore it: its Content-Disposition, or for a
    /// multipart body every part's, says handling=optional (RFC 3261 §20.11; the default is required). SIP-I trunks
    /// mark the ISUP they send beside or instead of an SDP offer this way (RFC 3204 §6).
    /// </summary>
    public static bool IsOptional(SipMessage message)
    {
        if (message.Body.IsEmpty)
        {
            return true;
        }

        var (mediaType, boundary) = SplitContentType(message.ContentType ?? "");
        if (!mediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) || boundary is null)
        {
            return IsOptionalDisposition(message.Headers[SipHeaderNames.ContentDisposition]);
        }

        var parts = 0;
        foreach (var (headers, _) in Parts(message.BodyText, boundary))
        {
            parts++;
            if (!IsOptionalDisposition(FindHeader(headers, SipHeaderNames.ContentDisposition)))
            {
                return false;
            }
        }

        return parts > 0;
    }

    /// <summary>The parts between the boundary delimiters as (header text, body), preamble and epilogue left out.</summary>
    private static IEnumerable<(string Headers, string Body)> Parts(string text, string boundary)
    {
        var delimiter = "--" + boundary;
        var pieces = text.Split(delimiter);
        for (var i = 1; i < pieces.Length; i++)
        {
            var part = pieces[i];
            if (part.StartsWith("--", StringComparison.Ordinal))
            {
                yield break;
            }

            var normalized = part.TrimStart('\r', '\n');
            var headerEnd = normalized.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var separator = 4;
            if (headerEnd < 0)
            {
                headerEnd = normalized.IndexOf("\n\n", StringComparison.Ordinal);
                separator = 2;
            }

            if (headerEnd < 0)
            {
                continue;
            }

            var body = normalized[(headerEnd + separator)..];
            yield return (normalized[..headerEnd], body.EndsWith("\r\n", StringComparison.Ordinal) ? body[..^2] : body);
        }
    }

    private static string? FindHeader(string headers, string name)
    {
        foreach (var line in headers.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && SipHeaderNames.Normalize(line[..colon].Trim()).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static bool IsOptionalDisposition(string? disposition)
    {
        if (disposition is null)
        {
            return false;
        }

        var parts = disposition.Split(';');
        for (var i = 1; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && parts[i][..eq].Trim().Equals("handling", StringComparison.OrdinalIgnoreCase))
            {
                return SipText.Unquote(parts[i].AsSpan(eq + 1).Trim()).Equals("optional", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    private static (string MediaType, string? Boundary) SplitContentType(string value)
    {
        var parts = value.Split(';');
        string? boundary = null;
        for (var i = 1; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && parts[i][..eq].Trim().Equals("boundary", StringComparison.OrdinalIgnoreCase))
            {
                boundary = SipText.Unquote(parts[i].AsSpan(eq + 1));
            }
        }

        return (parts[0].Trim(), boundary);
    }
}
