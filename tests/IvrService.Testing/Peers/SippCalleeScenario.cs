namespace IvrService.Testing;

/// <summary>A scenario written by <see cref="SippCalleeScript"/>: its file and the folder of captures it plays, deleted on dispose.</summary>
public sealed class SippCalleeScenario : SippScriptScenario
{
    internal SippCalleeScenario(string directory, string path)
        : base(directory, path)
    {
    }

    /// <summary>
    /// SIPp options that answer <paramref name="calls"/> calls with this scenario (<c>-m</c>) and then exit. SIPp's
    /// own <c>-timeout</c> is left off: a callee waits as long as the test lets it (its cancellation token).
    /// </summary>
    public SippOptions Answering(int calls = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        return SippOptions.ForScenario(Path) with { MaxCalls = calls, GlobalTimeout = null };
    }
}
