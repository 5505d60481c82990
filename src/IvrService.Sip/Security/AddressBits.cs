using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace IvrService.Sip.Security;

/// <summary>
/// Addresses as one 128-bit number in IPv6 form, IPv4 as its IPv4-mapped address (::ffff:a.b.c.d),
/// so that a dual-stack socket's mapped addresses and plain IPv4 addresses compare equal. Allocation-free.
/// </summary>
internal static class AddressBits
{
    /// <summary>::ffff:0:0/96, the IPv4-mapped block (RFC 4291 §2.5.5.2).</summary>
    public static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    public static UInt128 ToUInt128(IPAddress address, out bool isIPv4)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            isIPv4 = true;
            return MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || !address.TryWriteBytes(bytes, out _))
        {
            throw new ArgumentException("Only IPv4 and IPv6 addresses are supported.", nameof(address));
        }

        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        isIPv4 = IsMapped(value);
        return value;
    }

    public static bool IsMapped(UInt128 value) => value >> 32 == 0xFFFF;

    /// <summary>The mask with the top <paramref name="prefixLength"/> bits set.</summary>
    public static UInt128 Mask(int prefixLength) =>
        prefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefixLength);
}
