using System.Net;
using IvrService.Media.Sdp;

namespace IvrService.Media.Tests.Sdp;

internal static class TestSdp
{
    public static SdpLocalMedia Local { get; } = new(IPAddress.Parse("198.51.100.1"), 40000, 7301, 1)
    {
        UserName = "ivr",
    };

    public static SessionDescription Parse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error);
        return sdp!;
    }

    public static (SessionDescription Answer, SdpNegotiationResult Result) Answer(string offerText, SdpLocalMedia? local = null)
    {
        var offer = Parse(offerText);
        Assert.True(SdpNegotiator.TryAnswer(offer, local ?? Local, out var answer, out var result, out var reason), reason);
        return (answer!, result!);
    }
}
