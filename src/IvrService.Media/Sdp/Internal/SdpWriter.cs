using System.Text;

namespace IvrService.Media.Sdp.Internal;

/// <summary>
/// Writes a <see cref="SessionDescription"/> as SDP text with CRLF line ends in the order of RFC 8866 §5:
/// v o s i u e p c b t r z k a, then per media m i c b k a. Kept unknown lines go where their type belongs,
/// lines of types the RFC does not know go last in their section.
/// </summary>
internal static class SdpWriter
{
    private const string SessionOrder = "vosiuepcbtrzka";
    private const string MediaOrder = "micbka";

    public static string Write(SessionDescription sdp)
    {
        var builder = new StringBuilder(512);
        Line(builder, 'v', sdp.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Line(builder, 'o', sdp.Origin.ToString());
        Line(builder, 's', sdp.SessionName);
        Others(builder, sdp.OtherLines, "iuep");
        if (sdp.Connection is not null)
        {
            Line(builder, 'c', sdp.Connection.ToString());
        }

        Others(builder, sdp.OtherLines, "c");
        foreach (var bandwidth in sdp.Bandwidths)
        {
            Line(builder, 'b', bandwidth.ToString());
        }

        Others(builder, sdp.OtherLines, "b");
        Line(builder, 't', sdp.Timing.ToString());
        Others(builder, sdp.OtherLines, "trzk");
        foreach (var attribute in sdp.Attributes)
        {
            Line(builder, 'a', attribute.ToString());
        }

        Others(builder, sdp.OtherLines, "a");
        Unknown(builder, sdp.OtherLines, SessionOrder);

        foreach (var media in sdp.MediaDescriptions)
        {
            WriteMedia(builder, media);
        }

        return builder.ToString();
    }

    private static void WriteMedia(StringBuilder builder, MediaDescription media)
    {
        builder.Append("m=").Append(media.Media).Append(' ').Append(media.Port);
        if (media.PortCount is { } count)
        {
            builder.Append('/').Append(count);
        }

        builder.Append(' ').Append(media.Protocol);
        foreach (var format in media.Formats)
        {
            builder.Append(' ').Append(format);
        }

        builder.Append("\r\n");
        Others(builder, media.OtherLines, "i");
        if (media.Connection is not null)
        {
            Line(builder, 'c', media.Connection.ToString());
        }

        Others(builder, media.OtherLines, "c");
        foreach (var bandwidth in media.Bandwidths)
        {
            Line(builder, 'b', bandwidth.ToString());
        }

        Others(builder, media.OtherLines, "bk");
        foreach (var attribute in media.Attributes)
        {
            Line(builder, 'a', attribute.ToString());
        }

        Others(builder, media.OtherLines, "a");
        Unknown(builder, media.OtherLines, MediaOrder);
    }

    private static void Others(StringBuilder builder, IReadOnlyList<SdpLine> lines, string types)
    {
        foreach (var type in types)
        {
            foreach (var line in lines)
            {
                if (line.Type == type)
                {
                    Line(builder, line.Type, line.Value);
                }
            }
        }
    }

    private static void Unknown(StringBuilder builder, IReadOnlyList<SdpLine> lines, string known)
    {
        foreach (var line in lines)
        {
            if (!known.Contains(line.Type, StringComparison.Ordinal))
            {
                Line(builder, line.Type, line.Value);
            }
        }
    }

    private static void Line(StringBuilder builder, char type, string value) =>
        builder.Append(type).Append('=').Append(value).Append("\r\n");
}
