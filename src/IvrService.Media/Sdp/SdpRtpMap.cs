using System.Globalization;

namespace IvrService.Media.Sdp;

/// <summary>An a=rtpmap value: <c>&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;]</c>.</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    /// <summary>Reads an rtpmap value; false (never an exception) for anything else.</summary>
    public static bool TryParse(string? value, out SdpRtpMap? rtpMap)
    {
        rtpMap = null;
        if (value is null)
        {
            return false;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt > 127)
        {
            return false;
        }

        var parts = value[(space + 1)..].Trim().Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clock) || clock <= 0)
        {
            return false;
        }

        int? channels = null;
        if (parts.Length == 3)
        {
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c <= 0)
            {
                return false;
            }

            channels = c;
        }

        rtpMap = new SdpRtpMap(pt, parts[0], clock, channels);
        return true;
    }

    /// <summary>True when the encoding name matches, ignoring case (RFC 8866: encoding names are case-insensitive).</summary>
    public bool Is(string encodingName, int clockRate) =>
        ClockRate == clockRate && string.Equals(EncodingName, encodingName, StringComparison.OrdinalIgnoreCase);

    public override string ToString() =>
        Channels is { } channels ? $"{PayloadType} {EncodingName}/{ClockRate}/{channels}" : $"{PayloadType} {EncodingName}/{ClockRate}";
}
