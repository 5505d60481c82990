using System.Buffers.Binary;
using System.Text;

namespace IvrService.Media.Tests.Audio;

/// <summary>Builds WAV files chunk by chunk, including the malformed shapes real files come in.</summary>
internal sealed class WavBytes
{
    private readonly MemoryStream _body = new();
    private string _formType = "WAVE";

    public static byte[] Fmt(int tag, int channels, int sampleRate, int bitsPerSample)
    {
        var fmt = new byte[16];
        var blockAlign = channels * bitsPerSample / 8;
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, (ushort)tag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), (uint)(sampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)bitsPerSample);
        return fmt;
    }

    public static byte[] FmtExtensible(int subFormatTag, int channels, int sampleRate, int bitsPerSample, bool standardGuid = true)
    {
        var fmt = new byte[40];
        Fmt(0xFFFE, channels, sampleRate, bitsPerSample).CopyTo(fmt, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22); // cbSize
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), (ushort)bitsPerSample);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(20), channels == 2 ? 3u : 4u);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), (ushort)subFormatTag);
        byte[] tail = standardGuid
            ? [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
            : [0x12, 0x34, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        tail.CopyTo(fmt, 26);
        return fmt;
    }

    public static byte[] Pcm16(params short[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), samples[i]);
        }

        return bytes;
    }

    public WavBytes FormType(string formType)
    {
        _formType = formType;
        return this;
    }

    public WavBytes Chunk(string id, byte[] body, bool pad = true, uint? declaredSize = null)
    {
        var header = new byte[8];
        Encoding.ASCII.GetBytes(id).CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), declaredSize ?? (uint)body.Length);
        _body.Write(header);
        _body.Write(body);
        if (pad && (body.Length & 1) != 0)
        {
            _body.WriteByte(0);
        }

        return this;
    }

    public WavBytes Raw(byte[] bytes)
    {
        _body.Write(bytes);
        return this;
    }

    public byte[] Build()
    {
        var file = new byte[12 + _body.Length];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(file, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(file.Length - 8));
        Encoding.ASCII.GetBytes(_formType).CopyTo(file, 8);
        _body.ToArray().CopyTo(file, 12);
        return file;
    }
}
