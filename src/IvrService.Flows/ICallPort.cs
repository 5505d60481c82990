namespace IvrService.Flows;

/// <summary>
/// What the flow engine needs from a call: play, read keys, record, transfer, hang up. The host adapts a SIP
/// call and its media session to it; the simulator and the unit tests drive the engine through their own port.
/// When the caller hangs up, pending and later calls throw <see cref="OperationCanceledException"/> through the
/// token the engine was given.
/// </summary>
public interface ICallPort
{
    string CallId { get; }

    /// <summary>The caller's number as the call presented it (user part of From, or P-Asserted-Identity).</summary>
    string CallerNumber { get; }

    string CalledNumber { get; }

    /// <summary>
    /// Plays the clips in order. When <paramref name="interruptible"/> is set, a key stops the playback and
    /// is returned (and removed from the queue of keys); otherwise keys pressed meanwhile stay queued.
    /// </summary>
    Task<char?> PlayAsync(IReadOnlyList<PromptClip> clips, bool interruptible, CancellationToken cancellationToken);

    /// <summary>The next key the caller pressed (keys pressed earlier are queued in order).</summary>
    ValueTask<char> ReadDigitAsync(CancellationToken cancellationToken);

    /// <summary>Drops keys queued so far (type-ahead from before a new question).</summary>
    void ClearDigits();

    Task<RecordedMessage> RecordAsync(RecordRequest request, CancellationToken cancellationToken);

    Task<TransferResult> TransferAsync(TransferRequest request, CancellationToken cancellationToken);

    Task HangUpAsync(CancellationToken cancellationToken);
}
