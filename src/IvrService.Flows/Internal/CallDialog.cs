using System.Text;
using IvrService.Flows.Definitions;

namespace IvrService.Flows.Internal;

/// <summary>
/// Says prompts and reads keys on one call for a run of a menu or a survey: turns prompt sequences into clips in
/// the caller's language, writes each prompt played as a step, and waits for keys on the run's clock.
/// </summary>
internal sealed class CallDialog
{
    private readonly ICallPort _port;
    private readonly TimeProvider _time;
    private readonly PromptResolver _prompts;
    private readonly Func<FlowStepKind, string?, CancellationToken, Task> _write;
    private readonly CancellationToken _call;

    /// <param name="port">The call.</param>
    /// <param name="time">The run's clock, for key timeouts.</param>
    /// <param name="prompts">Turns prompt sequences into clips.</param>
    /// <param name="write">Writes a step of the run (here: the prompts played).</param>
    /// <param name="call">Cancelled when the caller hangs up.</param>
    public CallDialog(ICallPort port, TimeProvider time, PromptResolver prompts, Func<FlowStepKind, string?, CancellationToken, Task> write, CancellationToken call)
    {
        _port = port;
        _time = time;
        _prompts = prompts;
        _write = write;
        _call = call;
    }

    /// <summary>
    /// Plays the sequence in <paramref name="language"/> after writing a <see cref="FlowStepKind.PromptPlayed"/>
    /// step naming its keys; returns the key that stopped an interruptible playback. A sequence that resolves to
    /// nothing (every item's variable unset) plays nothing and writes no step.
    /// </summary>
    public async Task<char?> PlayAsync(PromptSequence sequence, string language, bool interruptible)
    {
        var clips = _prompts.Resolve(sequence, language);
        if (clips.Count == 0)
        {
            return null;
        }

        var keys = new StringBuilder();
        foreach (var clip in clips)
        {
            keys.Append(keys.Length == 0 ? string.Empty : " ").Append(clip.Key);
        }

        await _write(FlowStepKind.PromptPlayed, keys.ToString(), _call);
        return await _port.PlayAsync(clips, interruptible, _call);
    }

    /// <summary>The next key within <paramref name="wait"/> on the run's clock; null when none came.</summary>
    public async Task<char?> ReadKeyAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_call, timeout.Token);
        try
        {
            return await _port.ReadDigitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_call.IsCancellationRequested)
        {
            return null;
        }
    }
}
