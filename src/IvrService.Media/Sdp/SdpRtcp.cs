using System.Globalization;

namespace IvrService.Media.Sdp;

/// <summary>An a=rtcp value (RFC 3605): the RTCP port when it is not RTP port + 1, optionally with its own address.</summary>
public sealed record SdpRtcp(int Port, SdpConnection? Connection = null)
{
    public static bool TryParse(string? value, out SdpRtcp? rtcp)
    {
        rtcp = null;
        if (value is null)
        {
            return false;
        }

        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (1 or 4)
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > 65535)
        {
            return false;
        }

        rtcp = new SdpRtcp(port, parts.Length == 4 ? new SdpConnection(parts[1], parts[2], parts[3]) : null);
        return true;
    }

    public override string ToString() => Connection is null ? $"{Port}" : $"{Port} {Connection}";
}
