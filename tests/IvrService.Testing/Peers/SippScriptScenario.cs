namespace IvrService.Testing;

/// <summary>A scenario written by a script builder: its file and the folder of captures it plays, deleted on dispose.</summary>
public abstract class SippScriptScenario : IDisposable
{
    private readonly string _directory;

    private protected SippScriptScenario(string directory, string path)
    {
        _directory = directory;
        Path = path;
    }

    /// <summary>The scenario file, for <see cref="SippOptions.ForScenario"/>.</summary>
    public string Path { get; }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
