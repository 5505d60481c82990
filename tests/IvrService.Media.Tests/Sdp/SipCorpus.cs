using System.Text;

namespace IvrService.Media.Tests.Sdp;

/// <summary>
/// The captured-request corpus beside the repository (../shared/corpus/sip from the folder holding
/// IvrService.sln); read in place, never copied into the project.
/// </summary>
internal static class SipCorpus
{
    public static string Directory { get; } = Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "corpus", "sip"));

    /// <summary>The MANIFEST.tsv rows as (file, method, expect).</summary>
    public static IEnumerable<(string File, string Method, string Expect)> Manifest()
    {
        var lines = File.ReadAllLines(Path.Combine(Directory, "MANIFEST.tsv"));
        for (var i = 1; i < lines.Length; i++)
        {
            var columns = lines[i].Split('\t');
            if (columns.Length >= 5)
            {
                yield return (columns[0], columns[1], columns[4]);
            }
        }
    }

    /// <summary>The message body: everything after the first empty line (CRLF or LF), as sent.</summary>
    public static string ReadBody(string file)
    {
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(Directory, file)));
        var crlf = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lf = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            return text[(crlf + 4)..];
        }

        return lf >= 0 ? text[(lf + 2)..] : string.Empty;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IvrService.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no IvrService.sln above {AppContext.BaseDirectory}");
    }
}
