using System.Globalization;

namespace IvrService.Sip;

/// <summary>
/// A dialog (RFC 3261 §12): identified by Call-ID and both tags; keeps the route set, the remote target and
/// the CSeq numbers, and builds requests inside it.
/// </summary>
public sealed class SipDialog
{
    private readonly Lock _gate = new();
    private uint _localSequence;

    internal SipDialog(
        bool isCaller,
        string callId,
        SipNameAddress localAddress,
        SipNameAddress remoteAddress,
        SipUri remoteTarget,
        IReadOnlyList<SipNameAddress> routeSet,
        uint localSequence,
        uint remoteSequence,
        SipEndPoint remoteEndPoint,
        SipUri localContact)
    {
        IsCaller = isCaller;
        CallId = callId;
        LocalAddress = localAddress;
        RemoteAddress = remoteAddress;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        _localSequence = localSequence;
        RemoteSequence = remoteSequence;
        RemoteEndPoint = remoteEndPoint;
        LocalContact = localContact;
    }

    /// <summary>True for the UAC side (we sent the INVITE).</summary>
    public bool IsCaller { get; }

    public string CallId { get; }

    public string LocalTag => LocalAddress.Tag!;

    public string RemoteTag => RemoteAddress.Tag ?? "";

    public SipNameAddress LocalAddress { get; }

    public SipNameAddress RemoteAddress { get; }

    /// <summary>Where in-dialog requests go: the peer's Contact, updated by target refresh requests.</summary>
    public SipUri RemoteTarget { get; internal set; }

    public IReadOnlyList<SipNameAddress> RouteSet { get; }

    public uint RemoteSequence { get; internal set; }

    /// <summary>Where the peer's messages come from; used when the remote target is not reachable by address.</summary>
    public SipEndPoint RemoteEndPoint { get; internal set; }

    public SipUri LocalContact { get; }

    /// <summary>
    /// Send in-dialog requests to <see cref="RemoteEndPoint"/> rather than the Contact: the peer's TCP
    /// connection is reused, and a caller behind NAT (Contact address not the one its packets come from,
    /// rport asked) is reached where it really is.
    /// </summary>
    public bool UseRemoteEndPoint { get; internal set; }

    public SipDialogState State { get; internal set; } = SipDialogState.Confirmed;

    /// <summary>Our re-INVITE is in progress (an incoming one meanwhile gets 491, RFC 3261 §14.1).</summary>
    public bool LocalInvitePending { get; internal set; }

    /// <summary>Their re-INVITE is in progress (ours would collide; a second of theirs gets 500, §14.2).</summary>
    public bool RemoteInvitePending { get; internal set; }

    internal string Key => DialogKey(CallId, LocalTag, RemoteTag);

    internal static string DialogKey(string callId, string localTag, string remoteTag) => callId + "|" + localTag + "|" + remoteTag;

    /// <summary>Builds a request inside the dialog (RFC 3261 §12.2.1.1); the Via is added when it is sent.</summary>
    public SipRequest CreateRequest(string method)
    {
        uint sequence;
        lock (_gate)
        {
            sequence = method == SipMethods.Ack ? _localSequence : ++_localSequence;
        }

        return CreateRequest(method, sequence);
    }

    internal SipRequest CreateRequest(string method, uint sequence)
    {
        SipUri requestUri;
        var routes = new List<SipNameAddress>(RouteSet.Count + 1);
        if (RouteSet.Count > 0 && !RouteSet[0].Uri.Parameters.Contains("lr"))
        {
            // Strict routing (RFC 2543): the first route becomes the Request-URI and the target goes last.
            requestUri = RouteSet[0].Uri.Clone();
            requestUri.Headers = null;
            for (var i = 1; i < RouteSet.Count; i++)
            {
                routes.Add(RouteSet[i]);
            }

            routes.Add(new SipNameAddress(RemoteTarget.Clone()));
        }
        else
        {
            requestUri = RemoteTarget.Clone();
            routes.AddRange(RouteSet);
        }

        var request = new SipRequest(method, requestUri);
        foreach (var route in routes)
        {
            request.Headers.Add(SipHeaderNames.Route, route.ToString());
        }

        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        request.Headers.Add(SipHeaderNames.From, LocalAddress.ToString());
        request.Headers.Add(SipHeaderNames.To, RemoteAddress.ToString());
        request.Headers.Add(SipHeaderNames.CallId, CallId);
        request.Headers.Add(SipHeaderNames.CSeq, sequence.ToString(CultureInfo.InvariantCulture) + " " + method);
        if (method is SipMethods.Invite or SipMethods.Update or SipMethods.Refer or SipMethods.Notify or SipMethods.Subscribe)
        {
            request.Headers.Add(SipHeaderNames.Contact, "<" + LocalContact + ">");
        }

        return request;
    }

    internal uint LocalSequence
    {
        get
        {
            lock (_gate)
            {
                return _localSequence;
            }
        }
    }
}
