using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace IvrService.Storage.Internal;

/// <summary>One versioned SQL file, e.g. <c>0001_call_records.sql</c>.</summary>
internal sealed partial record Migration(int Version, string Name, string FileName, string Sql)
{
    private const string ResourcePrefix = "IvrService.Storage.Migrations.";

    /// <summary>SHA-256 of the text with line endings normalised, so a CRLF checkout does not look changed.</summary>
    public string Checksum { get; } = ComputeChecksum(Sql);

    /// <summary>Parses a file name <c>NNNN_name.sql</c> and its text.</summary>
    public static Migration FromFile(string fileName, string sql)
    {
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException(
                $"Migration file '{fileName}' must be named NNNN_lower_case_name.sql.");
        }

        return new Migration(
            int.Parse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture),
            match.Groups[2].Value,
            fileName,
            sql);
    }

    /// <summary>The migrations embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) ||
                !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(FromFile(resource[ResourcePrefix.Length..], reader.ReadToEnd()));
        }

        return Ordered(migrations);
    }

    /// <summary>Sorts by version and rejects two files with one version.</summary>
    public static IReadOnlyList<Migration> Ordered(IEnumerable<Migration> migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Version == ordered[i - 1].Version)
            {
                throw new InvalidOperationException(
                    $"Migrations '{ordered[i - 1].FileName}' and '{ordered[i].FileName}' share version {ordered[i].Version}.");
            }
        }

        return ordered;
    }

    private static string ComputeChecksum(string sql)
    {
        var normalised = sql.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
