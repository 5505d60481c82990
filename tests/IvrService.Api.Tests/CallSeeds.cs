using IvrService.Flows;
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
        CallEndReason? endReason = CallEndReason.CallerHangup, string? callId = null)
    {
        callId ??= Guid.NewGuid().ToString("N") + "@test";
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

    /// <summary>An outbound call placed for a happy call, answered and ended; its id.</summary>
    public static Task<long> OutboundAsync(ICallRecordStore store) =>
        OfferAsync(store, NewCaller(), DateTimeOffset.UtcNow, CallDirection.Outbound, CallEndReason.IvrHangup);

    /// <summary>
    /// Writes a menu run on the call: its steps through the product's journal (entering each of
    /// <paramref name="nodes"/> with the key pressed before it) and its outcome on the record.
    /// </summary>
    public static async Task RunMenuAsync(
        ICallRecordStore records, ICallStepStore steps, long id, string callId, FlowResult result, params string[] nodes)
    {
        var journal = steps.OpenJournal(callId, id, "after-sales", 3);
        var at = Base;
        foreach (var node in nodes)
        {
            at = at.AddSeconds(2);
            await journal.WriteAsync(new FlowStep(at, node, FlowStepKind.NodeEntered, null), CancellationToken.None).WaitAsync(TestTimeouts.Default);
            await journal.WriteAsync(new FlowStep(at.AddSeconds(1), node, FlowStepKind.Digits, "2"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        }

        await records.RecordFlowOutcomeAsync(id, new CallFlowSummary("after-sales", 3, FlowResultText(result), "en"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
    }

    private static string FlowResultText(FlowResult result) => result switch
    {
        FlowResult.Transferred => "transferred",
        FlowResult.Abandoned => "abandoned",
        FlowResult.Completed => "completed",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
    };
}
