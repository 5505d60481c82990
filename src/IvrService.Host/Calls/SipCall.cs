using System.Threading.Channels;
using IvrService.Media;
using IvrService.Media.Sdp;
using IvrService.Sip;
using IvrService.Storage;

namespace IvrService.Host.Calls;

/// <summary>
/// What every call on a SIP dialog and a media session shares, inbound or outbound: its dialog, media, SDP state,
/// call record, the keys pressed, and how and when it ended (the first reason wins and cancels <see cref="HungUp"/>).
/// </summary>
internal abstract class SipCall
{
    private readonly TaskCompletionSource<(CallEndReason Reason, int? SipStatus)> _ended =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _hangup = new();
    private int _mediaStarted;
    private int _lastDigitMethod = (int)CallDigitMethod.Rfc4733;

    protected SipCall(string callId)
    {
        CallId = callId;
    }

    public string CallId { get; }

    public abstract CallDirection Direction { get; }

    public long? RecordId { get; set; }

    /// <summary>When the call setup began (a <see cref="TimeProvider"/> timestamp), for the call setup time.</summary>
    public long SetupStarted { get; init; }

    public SipDialog? Dialog { get; set; }

    public MediaSession? Media { get; set; }

    /// <summary>Our SDP state, moved to the next session version for every later SDP (re-INVITE answers).</summary>
    public SdpLocalMedia? LocalMedia { get; set; }

    /// <summary>The offer we put in a 2xx when the INVITE had none; the ACK must answer it.</summary>
    public string? PendingOffer { get; set; }

    public SdpNegotiationResult? Negotiated { get; set; }

    /// <summary>The outbound leg the call is bridged to after a bridged transfer, if any.</summary>
    public BridgedLeg? Bridge { get; set; }

    public Task<(CallEndReason Reason, int? SipStatus)> Ended => _ended.Task;

    /// <summary>The far end's keys in order, for the flow (each is also stored on the call record).</summary>
    public Channel<char> Keys { get; } = Channel.CreateUnbounded<char>(new UnboundedChannelOptions { SingleWriter = true });

    /// <summary>The status lines of NOTIFYs about our REFER (the sipfrag's status code), in order.</summary>
    public Channel<int> ReferNotifications { get; } = Channel.CreateUnbounded<int>();

    /// <summary>Cancelled when the call ends, for everything that runs during it.</summary>
    public CancellationToken HungUp => _hangup.Token;

    /// <summary>How the newest key reached us (RFC 4733 until a key says otherwise).</summary>
    public CallDigitMethod LastDigitMethod
    {
        get => (CallDigitMethod)Volatile.Read(ref _lastDigitMethod);
        set => Volatile.Write(ref _lastDigitMethod, (int)value);
    }

    /// <summary>True for the first caller only: that one starts the media.</summary>
    public bool TryMarkMediaStarted() => Interlocked.Exchange(ref _mediaStarted, 1) == 0;

    /// <summary>Marks the call ended; the first reason wins (and only its caller gets true).</summary>
    public bool End(CallEndReason reason, int? sipStatus = null)
    {
        if (!_ended.TrySetResult((reason, sipStatus)))
        {
            return false;
        }

        _hangup.Cancel();
        return true;
    }
}
