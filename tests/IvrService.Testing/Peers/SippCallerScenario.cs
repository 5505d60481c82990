namespace IvrService.Testing;

/// <summary>A scenario written by <see cref="SippCallerScript"/>: its file and the folder of captures it plays, deleted on dispose.</summary>
public sealed class SippCallerScenario : SippScriptScenario
{
    internal SippCallerScenario(string directory, string path)
        : base(directory, path)
    {
    }

    /// <summary>SIPp options that run this scenario once against <paramref name="host"/>:<paramref name="port"/>.</summary>
    public SippOptions Calling(string host, int port) => SippOptions.ForScenario(Path).Calling(host, port);
}
