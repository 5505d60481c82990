using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IvrService.Sip.Security;

/// <summary>
/// An address range in CIDR notation ("10.0.0.0/8", "fc00::/7", or a single address), IPv4 or IPv6.
/// IPv4-mapped IPv6 addresses are treated as the IPv4 addresses they carry, both in ranges and in
/// <see cref="Contains"/>, so a dual-stack listener needs no special care.
/// </summary>
internal sealed class NetworkRange
{
    private readonly UInt128 _network;
    private readonly UInt128 _mask;

    private NetworkRange(UInt128 network, int prefixLength128, bool isIPv4)
    {
        _mask = AddressBits.Mask(prefixLength128);
        _network = network & _mask;
        IsIPv4 = isIPv4;
        PrefixLength = isIPv4 ? prefixLength128 - 96 : prefixLength128;
    }

    public bool IsIPv4 { get; }

    /// <summary>The prefix length in the range's own family (0–32 for IPv4, 0–128 for IPv6).</summary>
    public int PrefixLength { get; }

    /// <summary>
    /// Parses "address/prefix" or a bare address. Strict: IPv4 must be four decimal octets without leading
    /// zeros (no "10.1", no octal look-alikes), no IPv6 scope ids, prefix within the family's length.
    /// Host bits after the prefix are ignored ("10.1.2.3/8" is 10.0.0.0/8). Never throws.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out NetworkRange? range)
    {
        range = null;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.IsEmpty || span.Length > 64)
        {
            return false;
        }

        var slash = span.IndexOf('/');
        var addressPart = slash < 0 ? span : span[..slash];
        int? prefix = null;
        if (slash >= 0)
        {
            var prefixPart = span[(slash + 1)..];
            if (prefixPart.IsEmpty || prefixPart.Length > 3 || !IsAllDigits(prefixPart)
                || !int.TryParse(prefixPart, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPrefix))
            {
                return false;
            }

            prefix = parsedPrefix;
        }

        if (addressPart.Contains(':'))
        {
            if (addressPart.Contains('%')
                || !IPAddress.TryParse(addressPart, out var address)
                || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            var value = AddressBits.ToUInt128(address, out _);
            var length = prefix ?? 128;
            if (length > 128)
            {
                return false;
            }

            // "::ffff:10.0.0.0/104" is 10.0.0.0/8.
            range = AddressBits.IsMapped(value) && length >= 96
                ? new NetworkRange(value, length, isIPv4: true)
                : new NetworkRange(value, length, isIPv4: false);
            return true;
        }

        if (!TryParseIPv4(addressPart, out var ipv4))
        {
            return false;
        }

        var ipv4Length = prefix ?? 32;
        if (ipv4Length > 32)
        {
            return false;
        }

        range = new NetworkRange(AddressBits.MappedPrefix | ipv4, ipv4Length + 96, isIPv4: true);
        return true;
    }

    public static NetworkRange Parse(string text) =>
        TryParse(text, out var range) ? range : throw new FormatException($"'{text}' is not a valid address range.");

    public bool Contains(IPAddress address)
    {
        var value = AddressBits.ToUInt128(address, out var isIPv4);
        return Contains(value, isIPv4);
    }

    /// <summary>For callers that convert the address once and test many ranges.</summary>
    internal bool Contains(UInt128 address, bool isIPv4) =>
        isIPv4 == IsIPv4 && (address & _mask) == _network;

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, _network);
        var address = IsIPv4 ? new IPAddress(bytes[12..]) : new IPAddress(bytes);
        return string.Create(CultureInfo.InvariantCulture, $"{address}/{PrefixLength}");
    }

    private static bool TryParseIPv4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        var octets = 0;
        while (true)
        {
            var dot = text.IndexOf('.');
            var part = dot < 0 ? text : text[..dot];
            if (part.IsEmpty || part.Length > 3 || !IsAllDigits(part) || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            var octet = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
            if (octet > 255)
            {
                return false;
            }

            value = (value << 8) | (uint)octet;
            octets++;
            if (dot < 0)
            {
                return octets == 4;
            }

            if (octets == 4)
            {
                return false;
            }

            text = text[(dot + 1)..];
        }
    }

    private static bool IsAllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
