using IvrService.Media.Rtp;

namespace IvrService.Media.Tests.Rtp;

internal static class TestRtp
{
    /// <summary>A 12-byte fixed header with the given first two octets, sequence 1, timestamp 160, SSRC 0x11223344.</summary>
    public static byte[] Fixed(byte first, byte second) =>
        [first, second, 0x00, 0x01, 0x00, 0x00, 0x00, 0xA0, 0x11, 0x22, 0x33, 0x44];

    public static RtpHeader Header(ushort sequenceNumber, uint timestamp, uint ssrc = 0x5EED) =>
        new(0, sequenceNumber, timestamp, ssrc);

    /// <summary>A timestamp <paramref name="milliseconds"/> after <paramref name="start"/> on the provider's clock.</summary>
    public static long At(TimeProvider timeProvider, long start, double milliseconds) =>
        start + (long)(milliseconds * timeProvider.TimestampFrequency / 1000);
}
