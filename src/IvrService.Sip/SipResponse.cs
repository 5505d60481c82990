using System.Globalization;
using System.Text;

namespace IvrService.Sip;

public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string? reasonPhrase = null)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase ?? SipStatusCodes.DefaultReason(statusCode);
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>
    /// Builds a response to <paramref name="request"/> per RFC 3261 §8.2.6: Via, From, To, Call-ID and CSeq
    /// copied, a To tag added when given and the request had none.
    /// </summary>
    public static SipResponse Create(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        var response = new SipResponse(statusCode, reasonPhrase);
        foreach (var via in request.Headers.GetLines(SipHeaderNames.Via))
        {
            response.Headers.Add(SipHeaderNames.Via, via);
        }

        CopyHeader(request, response, SipHeaderNames.From);
        var to = request.Headers[SipHeaderNames.To];
        if (to is not null)
        {
            if (toTag is not null && statusCode > 100 && request.To is { Tag: null } toAddress)
            {
                var tagged = toAddress.Clone();
                tagged.Tag = toTag;
                to = tagged.ToString();
            }

            response.Headers.Add(SipHeaderNames.To, to);
        }

        CopyHeader(request, response, SipHeaderNames.CallId);
        CopyHeader(request, response, SipHeaderNames.CSeq);
        if (statusCode == 100 && request.Headers[SipHeaderNames.Timestamp] is { } timestamp)
        {
            response.Headers.Add(SipHeaderNames.Timestamp, timestamp);
        }

        response.Destination = request.Destination;
        return response;
    }

    protected override void AppendStartLine(StringBuilder builder) =>
        builder.Append("SIP/2.0 ").Append(StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ReasonPhrase);

    private static void CopyHeader(SipRequest request, SipResponse response, string name)
    {
        if (request.Headers[name] is { } value)
        {
            response.Headers.Add(name, value);
        }
    }
}
