namespace IvrService.Sip.Tests.Torture;

/// <summary>The RFC 4475 messages and what the manifest says each must produce.</summary>
public static class TortureCorpus
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Torture");

    public static IEnumerable<object[]> Cases(string expectPrefix) =>
        File.ReadAllLines(Path.Combine(Directory, "MANIFEST.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(columns => columns.Length >= 4 && columns[3].StartsWith(expectPrefix, StringComparison.Ordinal))
            .Select(columns => new object[] { columns[0], columns[3] });

    public static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Directory, "Messages", file));
}
