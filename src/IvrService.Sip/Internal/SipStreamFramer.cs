using System.Buffers;
using System.Globalization;
using System.Text;

namespace IvrService.Sip.Internal;

/// <summary>
/// Cuts SIP messages out of a TCP byte stream by the blank line and Content-Length (RFC 3261 §18.3),
/// and recognises the CRLF keep-alives of RFC 5626 §3.5.1.
/// </summary>
internal sealed class SipStreamFramer
{
    private byte[] _buffer = new byte[4096];
    private int _length;

    public enum FrameKind
    {
        None,
        Message,
        KeepAlivePing,
        Error,
    }

    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>True while bytes of a message that has not arrived whole are buffered (CR and LF alone do not count).</summary>
    public bool HasPartialMessage => _buffer.AsSpan(0, _length).IndexOfAnyExcept((byte)'\r', (byte)'\n') >= 0;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _buffer.Length)
        {
            var bigger = new byte[Math.Max(_buffer.Length * 2, _length + data.Length)];
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            _buffer = bigger;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    /// <summary>Takes the next complete frame; <paramref name="frame"/> holds the message bytes when one is ready.</summary>
    public FrameKind TryTake(out byte[] frame, out string? error)
    {
        frame = [];
        error = null;
        var data = _buffer.AsSpan(0, _length);

        if (data.StartsWith("\r\n\r\n"u8))
        {
            Consume(4);
            return FrameKind.KeepAlivePing;
        }

        var skip = 0;
        while (skip + 1 < data.Length && data[skip] == '\r' && data[skip + 1] == '\n')
        {
            skip += 2;
        }

        if (skip > 0 && skip < data.Length)
        {
            Consume(skip);
            data = _buffer.AsSpan(0, _length);
        }
        else if (skip > 0)
        {
            return FrameKind.None;
        }

        var (headerLength, separator) = SipMessageParser.FindHeaderEnd(data);
        if (headerLength < 0)
        {
            if (data.Length > SipMessageParser.MaxHeaderBytes)
            {
                error = "header section too large";
                return FrameKind.Error;
            }

            return FrameKind.None;
        }

        if (!TryReadContentLength(data[..headerLength], out var contentLength))
        {
            error = "Content-Length is missing a valid value on a stream transport";
            return FrameKind.Error;
        }

        var total = headerLength + separator + contentLength;
        if (total > MaxMessageBytes)
        {
            error = "message too large";
            return FrameKind.Error;
        }

        if (data.Length < total)
        {
            return FrameKind.None;
        }

        frame = data[..total].ToArray();
        Consume(total);
        return FrameKind.Message;
    }

    private void Consume(int count)
    {
        _buffer.AsSpan(count, _length - count).CopyTo(_buffer);
        _length -= count;
    }

    private static bool TryReadContentLength(ReadOnlySpan<byte> headers, out int length)
    {
        length = 0;
        var text = Encoding.ASCII.GetString(headers);
        var found = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line.AsSpan(0, colon).Trim();
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) &&
                !name.Equals("l", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!int.TryParse(line.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out length))
            {
                return false;
            }

            found = true;
            break;
        }

        // A stream message without Content-Length is framed as having no body; the parser reports the rest.
        return found || length == 0;
    }
}
