namespace IvrService.Media.Audio.Internal;

/// <summary>Constants of the RIFF/WAVE layout (Microsoft Multimedia Programming Interface and Data Specifications 1.0, and the WAVE_FORMAT_EXTENSIBLE addendum).</summary>
internal static class WavLayout
{
    public const uint Riff = 0x46464952; // "RIFF" read little-endian
    public const uint Rf64 = 0x34364652; // "RF64"
    public const uint Wave = 0x45564157; // "WAVE"
    public const uint Fmt = 0x20746D66; // "fmt "
    public const uint Data = 0x61746164; // "data"
    public const uint Fact = 0x74636166; // "fact"

    public const int ChunkHeaderSize = 8;
    public const int RiffHeaderSize = 12;
    public const int FmtMinimumSize = 16;
    public const int FmtExtensibleSize = 40;

    public const ushort FormatPcm = 0x0001;
    public const ushort FormatALaw = 0x0006;
    public const ushort FormatMuLaw = 0x0007;
    public const ushort FormatExtensible = 0xFFFE;

    /// <summary>A data size that means "unknown": streaming writers put it there and readers take the file's length.</summary>
    public const uint UnknownSize = 0xFFFFFFFF;

    /// <summary>The 14 bytes that follow the two-byte format tag in a KSDATAFORMAT_SUBTYPE_* GUID (…-0000-0010-8000-00AA00389B71).</summary>
    public static ReadOnlySpan<byte> SubFormatGuidTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Names the common format tags so an error says what the file is, not only its number.</summary>
    public static string? FormatTagName(int tag) => tag switch
    {
        0x0002 => "Microsoft ADPCM",
        0x0003 => "IEEE float",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0050 => "MPEG",
        0x0055 => "MP3",
        0x0161 => "WMA",
        _ => null,
    };

    /// <summary>True when the bytes start like a chunk header: a printable four-character id and a size that fits.</summary>
    public static bool LooksLikeChunk(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < ChunkHeaderSize)
        {
            return false;
        }

        for (var i = 0; i < 4; i++)
        {
            if (bytes[i] is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        var size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        return size <= (uint)(bytes.Length - ChunkHeaderSize);
    }
}
