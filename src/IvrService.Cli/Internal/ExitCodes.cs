namespace IvrService.Cli.Internal;

internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A definition (or a file it needs) has problems, or the server refused the request.</summary>
    public const int Problems = 1;

    /// <summary>The command line is wrong (unknown option, missing file, bad value).</summary>
    public const int Usage = 2;

    /// <summary>The server could not be reached (refused, timed out, no such host).</summary>
    public const int Unreachable = 3;
}
