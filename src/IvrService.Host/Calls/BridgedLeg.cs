using IvrService.Media;
using IvrService.Media.Sdp;
using IvrService.Sip;

namespace IvrService.Host.Calls;

/// <summary>
/// The outbound leg of a bridged transfer: its dialog, its own media session and the bridge joining that to
/// the caller's media. It lives as long as the inbound call; whichever side hangs up ends the other.
/// </summary>
internal sealed class BridgedLeg(string destination, SipDialog dialog, MediaSession media, MediaBridge bridge, SdpLocalMedia localMedia)
{
    private int _hungUp;

    public string Destination { get; } = destination;

    public SipDialog Dialog { get; } = dialog;

    public string CallId => Dialog.CallId;

    public MediaSession Media { get; } = media;

    public MediaBridge Bridge { get; } = bridge;

    /// <summary>Our SDP state on the leg, moved to the next version for each answer to the destination's re-INVITEs.</summary>
    public SdpLocalMedia LocalMedia { get; set; } = localMedia;

    /// <summary>True for the first caller only: the leg's dialog is ending (our BYE, or the far end's).</summary>
    public bool TryMarkHungUp() => Interlocked.Exchange(ref _hungUp, 1) == 0;
}
