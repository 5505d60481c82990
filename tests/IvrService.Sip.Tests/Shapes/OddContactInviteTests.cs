using IvrService.Sip.Tests.Transactions;

namespace IvrService.Sip.Tests.Shapes;

/// <summary>
/// INVITEs whose Contact is not the single name-addr RFC 3261 §8.1.1.8 asks for: answered, with a dialog whose remote
/// target is the best the request gives (its Contact, else the From URI), never an exception.
/// </summary>
public sealed class OddContactInviteTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("Contact: *\r\n", "caller@127.0.0.1")]
    [InlineData("", "caller@127.0.0.1")]
    [InlineData("Contact: sip:phone@127.0.0.1:5099;expires=30\r\n", "phone@127.0.0.1:5099")]
    [InlineData("Contact: <sip:first@127.0.0.1:5098>, <sip:second@127.0.0.1:5097>\r\n", "first@127.0.0.1:5098")]
    public async Task Invite_IsAnsweredWithADialog_WhenContactIsOddOrMissing(string contact, string expectedTarget)
    {
        // Arrange
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        ua.Agent.Handlers.Invite = (tx, ct) => tx.RespondAsync(200, cancellationToken: ct).AsTask();
        var request = RawSipPeer.Request("INVITE", peer.Port, "odd-contact-" + contact.Length, "z9hG4bKodd" + contact.Length)
            .Replace($"Contact: <sip:caller@127.0.0.1:{peer.Port}>\r\n", contact, StringComparison.Ordinal);

        // Act
        peer.Send(request, ua.EndPoint);
        var response = await peer.ExpectResponseAsync(200, Wait);

        // Assert
        Assert.Equal(200, response.StatusCode);
        var dialog = Assert.Single(ua.Agent.Dialogs);
        Assert.Contains(expectedTarget, dialog.RemoteTarget.ToString(), StringComparison.Ordinal);
    }
}
