using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.Api.Tests;

/// <summary>Writes call records through the product's own store, as the SIP side does.</summary>
internal static class CallSeeds
{
    public static readonly DateTimeOffset Base = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A unique caller so that each test lists only its own calls.</summary>
    public static string NewCaller() => "0912" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<long> OfferAsync(
        ICallRecordStore store, string caller, DateTimeOffset offeredAt, CallDirection direction = CallDirection.Inbound,
        CallEndReason? endReason = CallEndReason.CallerHangup)
    {
        var callId = Guid.NewGuid().ToString("N") + "@test";
        var id = await store.RecordOfferedAsync(
            new CallOffered(callId, direction, $"sip:{caller}@127.0.0.1", "sip:100@127.0.0.1", caller, "100", "127.0.0.1:5062",
                CallTransport.Udp, offeredAt, "test-host"),
            CancellationToken.None).WaitAsync(TestTimeouts.Default);
        if (endReason is { } reason)
        {
            await store.RecordAnsweredAsync(id, offeredAt.AddSeconds(1), CancellationToken.None).WaitAsync(TestTimeouts.Default);
            await store.RecordEndedAsync(id, offeredAt.AddSeconds(31), reason, null, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        }

        return id;
    }
}
