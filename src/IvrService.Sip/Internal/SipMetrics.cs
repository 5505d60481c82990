using System.Diagnostics.Metrics;

namespace IvrService.Sip.Internal;

/// <summary>
/// The SIP stack's instruments on the meter <c>IvrService.Sip</c>: requests by method and responses by class, in
/// each direction, and datagrams or frames that could not be taken as SIP. The tags are built once, so counting a
/// message allocates nothing; a host that wants them subscribes to the meter by name.
/// </summary>
internal static class SipMetrics
{
    public const string MeterName = "IvrService.Sip";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "ivr.sip.requests", "{request}", "SIP requests received (direction=in) and sent (direction=out), by method");

    private static readonly Counter<long> Responses = Meter.CreateCounter<long>(
        "ivr.sip.responses", "{response}", "SIP responses received (direction=in) and sent (direction=out), by status class");

    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>(
        "ivr.sip.messages.invalid", "{message}", "Datagrams and stream frames received that were not valid SIP");

    // Only the methods SIP defines get a tag of their own; anything else is counted as "other".
    private static readonly string[] Methods =
    [
        SipMethods.Invite, SipMethods.Ack, SipMethods.Bye, SipMethods.Cancel, SipMethods.Options, SipMethods.Register,
        SipMethods.Info, SipMethods.Refer, SipMethods.Notify, SipMethods.Subscribe, SipMethods.Message,
        SipMethods.Update, SipMethods.Prack, SipMethods.Publish, "other",
    ];

    private static readonly string[] Classes = ["1xx", "2xx", "3xx", "4xx", "5xx", "6xx", "other"];

    private static readonly KeyValuePair<string, object?> In = new("direction", "in");
    private static readonly KeyValuePair<string, object?> Out = new("direction", "out");
    private static readonly KeyValuePair<string, object?>[] MethodTags = BuildTags("method", Methods);
    private static readonly KeyValuePair<string, object?>[] ClassTags = BuildTags("class", Classes);

    public static void Received(SipMessage message) => Count(message, In);

    public static void Sent(SipMessage message) => Count(message, Out);

    public static void Invalid() => Rejected.Add(1);

    private static void Count(SipMessage message, KeyValuePair<string, object?> direction)
    {
        if (message is SipRequest request)
        {
            if (Requests.Enabled)
            {
                Requests.Add(1, direction, MethodTags[MethodIndex(request.Method)]);
            }
        }
        else if (message is SipResponse response && Responses.Enabled)
        {
            var index = response.StatusCode / 100 - 1;
            Responses.Add(1, direction, ClassTags[index is >= 0 and < 6 ? index : 6]);
        }
    }

    private static int MethodIndex(string method)
    {
        for (var i = 0; i < Methods.Length - 1; i++)
        {
            if (string.Equals(Methods[i], method, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return Methods.Length - 1;
    }

    private static KeyValuePair<string, object?>[] BuildTags(string key, string[] values)
    {
        var tags = new KeyValuePair<string, object?>[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            tags[i] = new KeyValuePair<string, object?>(key, values[i]);
        }

        return tags;
    }
}
