using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Media;

/// <summary>Waits on what the product stores about a call with media.</summary>
internal static class MediaCalls
{
    /// <summary>How long a test lets a whole call with real peers take.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The one Call-ID SIPp used, read from its message trace.</summary>
    public static string CallIdOf(SippProcess sipp) => Sip.InboundCallTests.CallIdsIn(sipp).Single();

    /// <summary>
    /// Waits until the call has ended and its media session is closed: the quality figures are written
    /// after the session is disposed, so by then the recording is finished and no more keys come.
    /// </summary>
    public static async Task<CallRecord> WaitForMediaClosedAsync(IvrHostFixture host, string callId, CancellationToken cancellationToken)
    {
        await host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(30)).WaitAsync(cancellationToken);
        while (true)
        {
            var record = await host.Records.GetByCallIdAsync(callId, cancellationToken);
            if (record?.MediaQuality is not null)
            {
                return record;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Polls the call's stored keys until at least <paramref name="count"/> are there (the call may still be going on).</summary>
    public static async Task<IReadOnlyList<CallDigit>> WaitForDigitsAsync(IvrHostFixture host, string callId, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var record = await host.Records.GetByCallIdAsync(callId, cancellationToken);
            if (record is not null)
            {
                var digits = await host.Records.GetDigitsAsync(record.Id, cancellationToken);
                if (digits.Count >= count)
                {
                    return digits;
                }
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>
    /// The call's keys once it is over: waits for the media to close, then reads them again a moment
    /// later so a key stored late (a duplicate, say) is seen too.
    /// </summary>
    public static async Task<IReadOnlyList<CallDigit>> FinalDigitsAsync(IvrHostFixture host, string callId, CancellationToken cancellationToken)
    {
        var record = await WaitForMediaClosedAsync(host, callId, cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        return await host.Records.GetDigitsAsync(record.Id, cancellationToken);
    }

    /// <summary>Keys as text ("123#") and their methods, for one-line assertions.</summary>
    public static string Keys(IReadOnlyList<CallDigit> digits) => string.Concat(digits.Select(d => d.Digit));

    public static string Describe(IReadOnlyList<CallDigit> digits) =>
        string.Join(", ", digits.Select(d => $"{d.Digit}/{d.Method}/{d.Duration.TotalMilliseconds:0}ms"));
}
