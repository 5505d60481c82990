using System.Globalization;

namespace IvrService.Media.Sdp.Internal;

/// <summary>
/// Reads SDP text into a <see cref="SessionDescription"/>. Tolerates what deployed phones send (LF-only or missing
/// final line ends, blank lines, attributes before the first m=, duplicate formats, lines of unknown type) and
/// rejects only text that is not SDP: no leading v=, a line that is not &lt;letter&gt;=, a malformed o=, c= or m=.
/// </summary>
internal static class SdpParser
{
    private const int MaxQuotedLine = 60;

    public static bool TryParse(string? text, out SessionDescription? sdp, out string? error)
    {
        sdp = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty SDP: no v= line";
            return false;
        }

        var state = new State();
        var lineNumber = 0;
        var sawVersion = false;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r', ' ', '\t');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetter(line[0]))
            {
                error = Describe(lineNumber, line, "not a <type>=<value> line");
                return false;
            }

            var type = line[0];
            var value = line[2..];
            if (!sawVersion)
            {
                if (type != 'v')
                {
                    error = Describe(lineNumber, line, "SDP must start with a v= line");
                    return false;
                }

                if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    error = Describe(lineNumber, line, "v= is not a number");
                    return false;
                }

                state.Version = version;
                sawVersion = true;
                continue;
            }

            var problem = type switch
            {
                'v' => "a second v= line (one session per body)",
                'o' => ReadOrigin(state, value),
                's' => ReadSessionName(state, value),
                'c' => ReadConnection(state, value, type),
                'b' => ReadBandwidth(state, value, type),
                't' => ReadTiming(state, value, type),
                'm' => ReadMedia(state, value),
                'a' => ReadAttribute(state, value, type),
                _ => KeepOther(state, type, value),
            };
            if (problem is not null)
            {
                error = Describe(lineNumber, line, problem);
                return false;
            }
        }

        if (state.Origin is null)
        {
            error = "no o= line";
            return false;
        }

        state.CloseMedia();
        sdp = new SessionDescription
        {
            Version = state.Version,
            Origin = state.Origin,
            SessionName = state.SessionName ?? "-",
            Connection = state.Connection,
            Bandwidths = state.Bandwidths,
            Timing = state.Timing ?? SdpTiming.Permanent,
            Attributes = state.Attributes,
            MediaDescriptions = state.Media,
            OtherLines = state.OtherLines,
        };
        return true;
    }

    private static string Describe(int lineNumber, string line, string problem)
    {
        var quoted = line.Length <= MaxQuotedLine ? line : string.Concat(line.AsSpan(0, MaxQuotedLine), "…");
        return $"SDP line {lineNumber} \"{quoted}\": {problem}";
    }

    private static string? ReadOrigin(State state, string value)
    {
        if (state.Current is not null || state.Origin is not null)
        {
            return KeepOther(state, 'o', value);
        }

        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 6)
        {
            return "o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address>";
        }

        // A user name with spaces is not allowed, but it is not worth a failed call: the last five fields are fixed.
        var userName = string.Join(' ', parts[..^5]);
        state.Origin = new SdpOrigin(userName, parts[^5], parts[^4], parts[^3], parts[^2], parts[^1]);
        return null;
    }

    private static string? ReadSessionName(State state, string value)
    {
        if (state.Current is not null || state.SessionName is not null)
        {
            return KeepOther(state, 's', value);
        }

        state.SessionName = value.Trim().Length == 0 ? "-" : value;
        return null;
    }

    private static string? ReadConnection(State state, string value, char type)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3)
        {
            return "c= needs <nettype> <addrtype> <connection-address>";
        }

        var connection = new SdpConnection(parts[0], parts[1], parts[2]);
        if (state.Current is { } media)
        {
            if (media.Connection is null)
            {
                media.Connection = connection;
            }
            else
            {
                media.OtherLines.Add(new SdpLine(type, value));
            }
        }
        else if (state.Connection is null)
        {
            state.Connection = connection;
        }
        else
        {
            state.OtherLines.Add(new SdpLine(type, value));
        }

        return null;
    }

    private static string? ReadBandwidth(State state, string value, char type)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(value.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return KeepOther(state, type, value);
        }

        var bandwidth = new SdpBandwidth(value[..colon].Trim(), amount);
        (state.Current?.Bandwidths ?? state.Bandwidths).Add(bandwidth);
        return null;
    }

    private static string? ReadTiming(State state, string value, char type)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (state.Current is null && state.Timing is null && parts.Length == 2
            && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var stop))
        {
            state.Timing = new SdpTiming(start, stop);
            return null;
        }

        return KeepOther(state, type, value);
    }

    private static string? ReadMedia(State state, string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4)
        {
            return "m= needs <media> <port> <proto> <fmt> ...";
        }

        var portText = parts[1];
        int? portCount = null;
        var slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!int.TryParse(portText.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                return $"m= port count '{portText[(slash + 1)..]}' is not a positive number";
            }

            portCount = count;
            portText = portText[..slash];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return $"m= port '{portText}' is not a number from 0 to 65535";
        }

        var formats = new List<string>(parts.Length - 3);
        for (var i = 3; i < parts.Length; i++)
        {
            if (!formats.Contains(parts[i]))
            {
                formats.Add(parts[i]);
            }
        }

        state.CloseMedia();
        state.Current = new MediaBuilder(parts[0], port, portCount, parts[2], formats);
        return null;
    }

    private static string? ReadAttribute(State state, string value, char type)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? value : value[..colon]).Trim();
        if (name.Length == 0)
        {
            return KeepOther(state, type, value);
        }

        var attribute = new SdpAttribute(name, colon < 0 ? null : value[(colon + 1)..].Trim());
        (state.Current?.Attributes ?? state.Attributes).Add(attribute);
        return null;
    }

    private static string? KeepOther(State state, char type, string value)
    {
        (state.Current?.OtherLines ?? state.OtherLines).Add(new SdpLine(type, value));
        return null;
    }

    private sealed class State
    {
        public int Version { get; set; }

        public SdpOrigin? Origin { get; set; }

        public string? SessionName { get; set; }

        public SdpConnection? Connection { get; set; }

        public SdpTiming? Timing { get; set; }

        public List<SdpBandwidth> Bandwidths { get; } = [];

        public List<SdpAttribute> Attributes { get; } = [];

        public List<SdpLine> OtherLines { get; } = [];

        public List<MediaDescription> Media { get; } = [];

        public MediaBuilder? Current { get; set; }

        public void CloseMedia()
        {
            if (Current is { } media)
            {
                Media.Add(media.Build());
                Current = null;
            }
        }
    }

    private sealed class MediaBuilder(string media, int port, int? portCount, string protocol, List<string> formats)
    {
        public SdpConnection? Connection { get; set; }

        public List<SdpBandwidth> Bandwidths { get; } = [];

        public List<SdpAttribute> Attributes { get; } = [];

        public List<SdpLine> OtherLines { get; } = [];

        public MediaDescription Build() => new()
        {
            Media = media,
            Port = port,
            PortCount = portCount,
            Protocol = protocol,
            Formats = formats,
            Connection = Connection,
            Bandwidths = Bandwidths,
            Attributes = Attributes,
            OtherLines = OtherLines,
        };
    }
}
