using System.Globalization;
using System.Text;

namespace IvrService.Sip;

public sealed class SipRequest : SipMessage
{
    public SipRequest(string method, SipUri uri)
    {
        Method = method;
        Uri = uri;
    }

    public string Method { get; }

    public SipUri Uri { get; set; }

    public int? MaxForwards =>
        int.TryParse(Headers[SipHeaderNames.MaxForwards], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    protected override void AppendStartLine(StringBuilder builder) =>
        builder.Append(Method).Append(' ').Append(Uri).Append(" SIP/2.0");
}
