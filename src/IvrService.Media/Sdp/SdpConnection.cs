using System.Net;

namespace IvrService.Media.Sdp;

/// <summary>A c= line: network type (IN), address type (IP4/IP6) and the connection address.</summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>
    /// True for the unspecified address (0.0.0.0 or ::): the RFC 2543 way of putting a call on hold, still sent by
    /// phones (RFC 3264 §8.4 lets an answerer recognise it).
    /// </summary>
    public bool IsUnspecified =>
        IPAddress.TryParse(HostPart, out var address)
        && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));

    /// <summary>The address without a multicast /ttl or /count suffix.</summary>
    public string HostPart
    {
        get
        {
            if (!string.Equals(AddressType, "IP4", StringComparison.OrdinalIgnoreCase))
            {
                return Address;
            }

            var slash = Address.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? Address : Address[..slash];
        }
    }

    public override string ToString() => $"{NetworkType} {AddressType} {Address}";
}
