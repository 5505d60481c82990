namespace IvrService.Testing;

/// <summary>A peer program (sipp, baresip, ...) is not on PATH.</summary>
public sealed class PeerToolMissingException : Exception
{
    public PeerToolMissingException()
    {
    }

    public PeerToolMissingException(string message)
        : base(message)
    {
    }

    public PeerToolMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static PeerToolMissingException For(string tool, string debianPackage) =>
        new($"'{tool}' was not found on PATH. Install the Debian package '{debianPackage}' " +
            "(./build.sh test installs it: apt-get install -y " + debianPackage + ").");
}
