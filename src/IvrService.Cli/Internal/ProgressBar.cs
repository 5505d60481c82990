namespace IvrService.Cli.Internal;

/// <summary>The progress bar long commands draw on stderr: <c>[#####...................]</c>.</summary>
internal static class ProgressBar
{
    private const int Width = 24;

    public static string Bar(int percent)
    {
        var filled = Math.Clamp(percent * Width / 100, 0, Width);
        return "[" + new string('#', filled) + new string('.', Width - filled) + "]";
    }

    /// <summary>The percentage <paramref name="done"/> is of <paramref name="total"/> (0 when the total is unknown).</summary>
    public static int Percent(long done, long total) => total > 0 ? (int)Math.Min(100, done * 100 / total) : 0;
}
