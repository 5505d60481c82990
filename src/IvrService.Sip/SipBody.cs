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

        var text = message.BodyText;
        var delimiter = "--" + boundary;
        foreach (var part in text.Split(delimiter))
        {
            if (part.StartsWith("--", StringComparison.Ordinal))
            {
                break;
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

            var headers = normalized[..headerEnd];
            foreach (var line in headers.Split('\n'))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line[..colon].Trim().Equals("Content-Type", StringComparison.OrdinalIgnoreCase) &&
                    SplitContentType(line[(colon + 1)..].Trim()).MediaType.Equals(contentType, StringComparison.OrdinalIgnoreCase))
                {
                    var body = normalized[(headerEnd + separator)..];
                    return body.EndsWith("\r\n", StringComparison.Ordinal) ? body[..^2] : body;
                }
            }
        }

        return null;
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
