namespace IvrService.Testing;

public static class TestTimeouts
{
    /// <summary>The bound on every awaited operation in tests.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);
}
