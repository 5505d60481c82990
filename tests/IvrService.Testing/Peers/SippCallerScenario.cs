namespace IvrService.Testing;

/// <summary>A scenario written by <see cref="SippCallerScript"/>: its file and the folder of captures it plays, deleted on dispose.</summary>
public sealed class SippCallerScenario : IDisposable
{
    private readonly string _directory;

    internal SippCallerScenario(string directory, string path)
    {
        _directory = directory;
        Path = path;
    }

    /// <summary>The scenario file, for <see cref="SippOptions.ForScenario"/>.</summary>
    public string Path { get; }

    /// <summary>SIPp options that run this scenario once against <paramref name="host"/>:<paramref name="port"/>.</summary>
    public SippOptions Calling(string host, int port) => SippOptions.ForScenario(Path).Calling(host, port);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
