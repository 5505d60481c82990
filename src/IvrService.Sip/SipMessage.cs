using System.Buffers;
using System.Globalization;
using System.Text;

namespace IvrService.Sip;

/// <summary>A SIP request or response: start line, header fields and body (RFC 3261 §7).</summary>
public abstract class SipMessage
{
    private (string? Raw, SipVia? Parsed) _topVia;
    private (string? Raw, SipNameAddress? Parsed) _from;
    private (string? Raw, SipNameAddress? Parsed) _to;
    private (string? Raw, SipCSeq? Parsed) _cseq;

    public SipHeaders Headers { get; init; } = new();

    public ReadOnlyMemory<byte> Body { get; set; } = ReadOnlyMemory<byte>.Empty;

    /// <summary>Where a received message came from; null for messages built locally.</summary>
    public SipEndPoint? Source { get; set; }

    /// <summary>The local end point a received message arrived on.</summary>
    public SipEndPoint? Destination { get; set; }

    public string? CallId => Headers[SipHeaderNames.CallId];

    public string? ContentType => Headers[SipHeaderNames.ContentType];

    public SipVia? TopVia
    {
        get
        {
            var raw = Headers[SipHeaderNames.Via];
            if (!ReferenceEquals(raw, _topVia.Raw))
            {
                var first = raw is null ? null : SipText.SplitCommaSeparated(raw) is { Count: > 0 } parts ? parts[0] : null;
                _topVia = (raw, first is not null && SipVia.TryParse(first, out var via) ? via : null);
            }

            return _topVia.Parsed;
        }
    }

    public SipNameAddress? From => Cached(SipHeaderNames.From, ref _from);

    public SipNameAddress? To => Cached(SipHeaderNames.To, ref _to);

    public SipCSeq? CSeq
    {
        get
        {
            var raw = Headers[SipHeaderNames.CSeq];
            if (!ReferenceEquals(raw, _cseq.Raw))
            {
                _cseq = (raw, raw is not null && SipCSeq.TryParse(raw, out var cseq) ? cseq : null);
            }

            return _cseq.Parsed;
        }
    }

    public List<SipVia> GetVias()
    {
        var vias = new List<SipVia>(2);
        foreach (var value in Headers.GetValues(SipHeaderNames.Via))
        {
            if (SipVia.TryParse(value, out var via))
            {
                vias.Add(via);
            }
        }

        return vias;
    }

    public List<SipNameAddress> GetAddresses(string headerName)
    {
        var addresses = new List<SipNameAddress>(1);
        foreach (var value in Headers.GetValues(headerName))
        {
            if (SipNameAddress.TryParse(value, out var address))
            {
                addresses.Add(address);
            }
        }

        return addresses;
    }

    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    public void SetBody(string contentType, string body)
    {
        Headers.Set(SipHeaderNames.ContentType, contentType);
        Body = Encoding.UTF8.GetBytes(body);
    }

    /// <summary>Serialises the message; Content-Length always states the body's length.</summary>
    public byte[] ToBytes()
    {
        var writer = new ArrayBufferWriter<byte>(512 + Body.Length);
        WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }

    public void WriteTo(IBufferWriter<byte> writer)
    {
        var builder = new StringBuilder(512);
        AppendStartLine(builder);
        builder.Append("\r\n");
        foreach (var (name, value) in Headers)
        {
            if (name == SipHeaderNames.ContentLength)
            {
                continue;
            }

            builder.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        builder.Append(SipHeaderNames.ContentLength).Append(": ")
            .Append(Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        var text = builder.ToString();
        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, span);
        writer.Advance(written);
        if (!Body.IsEmpty)
        {
            writer.Write(Body.Span);
        }
    }

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());

    protected abstract void AppendStartLine(StringBuilder builder);

    private SipNameAddress? Cached(string name, ref (string? Raw, SipNameAddress? Parsed) cache)
    {
        var raw = Headers[name];
        if (!ReferenceEquals(raw, cache.Raw))
        {
            cache = (raw, raw is not null && SipNameAddress.TryParse(raw, out var address) ? address : null);
        }

        return cache.Parsed;
    }
}
