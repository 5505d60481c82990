using System.Globalization;
using IvrService.Media.Dtmf.Internal;

namespace IvrService.Media.Dtmf;

/// <summary>
/// Reads the key press in a SIP INFO body. Media knows nothing of SIP: the caller hands over the
/// Content-Type value and the body text.
/// <list type="bullet">
/// <item><c>application/dtmf-relay</c>: lines <c>Signal=5</c> and <c>Duration=160</c> (milliseconds), in any
/// case, with spaces around the names and values, CRLF or LF line ends.</item>
/// <item><c>application/dtmf</c>: the key alone (<c>5</c>, <c>#</c>), with no duration.</item>
/// </list>
/// Signals may be the key itself (0-9, *, #, A-D in either case) or its RFC 4733 event code
/// (10 = *, 11 = #, 12-15 = A-D). Flash (<c>hf</c>, <c>!</c>, 16) and anything else is refused.
/// </summary>
public static class SipInfoDtmf
{
    /// <summary>The Content-Type of the Cisco-style relay body.</summary>
    public const string DtmfRelayContentType = "application/dtmf-relay";

    /// <summary>The Content-Type of the bare key body.</summary>
    public const string DtmfContentType = "application/dtmf";

    /// <summary>Reads a key and its duration (zero when the body gives none); false, never an exception, for anything else.</summary>
    public static bool TryParse(string? contentType, string? body, out char digit, out TimeSpan duration)
    {
        digit = '\0';
        duration = TimeSpan.Zero;
        if (contentType is null || body is null)
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        mediaType = mediaType.Trim();
        if (mediaType.Equals(DtmfRelayContentType, StringComparison.OrdinalIgnoreCase))
        {
            return TryParseRelay(body, out digit, out duration);
        }

        return mediaType.Equals(DtmfContentType, StringComparison.OrdinalIgnoreCase) && TryParseSignal(body.AsSpan().Trim(), out digit);
    }

    private static bool TryParseRelay(string body, out char digit, out TimeSpan duration)
    {
        digit = '\0';
        duration = TimeSpan.Zero;
        var found = false;
        foreach (var range in body.AsSpan().SplitAny('\r', '\n'))
        {
            var line = body.AsSpan(range.Start.Value, range.End.Value - range.Start.Value);
            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var name = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (name.Equals("Signal", StringComparison.OrdinalIgnoreCase))
            {
                if (found || !TryParseSignal(value, out digit))
                {
                    digit = '\0';
                    return false;
                }

                found = true;
            }
            else if (name.Equals("Duration", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
            {
                duration = TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        if (!found)
        {
            duration = TimeSpan.Zero;
        }

        return found;
    }

    private static bool TryParseSignal(ReadOnlySpan<char> value, out char digit)
    {
        digit = '\0';
        if (value.Length == 1)
        {
            digit = char.ToUpperInvariant(value[0]);
            if (DtmfKeys.ToEventCode(digit) >= 0)
            {
                return true;
            }

            digit = '\0';
            return false;
        }

        if (value.Length == 2 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            digit = DtmfKeys.FromEventCode(code);
        }

        return digit != '\0';
    }
}
