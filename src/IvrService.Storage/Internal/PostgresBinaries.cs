namespace IvrService.Storage.Internal;

/// <summary>Finds the directory holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</summary>
internal static class PostgresBinaries
{
    private static readonly string ExecutableSuffix = OperatingSystem.IsWindows() ? ".exe" : string.Empty;

    public static string InitDb(string binDirectory) => Path.Combine(binDirectory, "initdb" + ExecutableSuffix);

    public static string PgCtl(string binDirectory) => Path.Combine(binDirectory, "pg_ctl" + ExecutableSuffix);

    /// <summary>
    /// The configured directory when set (it must hold initdb), else the highest
    /// <c>/usr/lib/postgresql/*/bin</c> holding initdb, else the directory of <c>initdb</c> on PATH.
    /// </summary>
    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!File.Exists(InitDb(configured)) || !File.Exists(PgCtl(configured)))
            {
                throw new InvalidOperationException(
                    $"Storage:PostgresBinDirectory is '{configured}', which holds no initdb and pg_ctl.");
            }

            return configured;
        }

        return FindUnderDebianLayout("/usr/lib/postgresql")
            ?? FindOnPath(Environment.GetEnvironmentVariable("PATH"))
            ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries were found (no /usr/lib/postgresql/*/bin/initdb and no initdb on PATH). " +
                "Install PostgreSQL (Debian: postgresql-15), set Storage:PostgresBinDirectory, " +
                $"or point {StorageOptions.ConnectionStringKey} at a server.");
    }

    internal static string? FindUnderDebianLayout(string root)
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        string? best = null;
        var bestVersion = new Version(0, 0);
        foreach (var versionDirectory in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(versionDirectory);
            if (!Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version))
            {
                continue;
            }

            var bin = Path.Combine(versionDirectory, "bin");
            if (version > bestVersion && File.Exists(InitDb(bin)) && File.Exists(PgCtl(bin)))
            {
                best = bin;
                bestVersion = version;
            }
        }

        return best;
    }

    internal static string? FindOnPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = InitDb(directory);
            if (!File.Exists(candidate))
            {
                continue;
            }

            // pg_ctl finds postgres beside its real file, so follow a symlink such as /usr/local/bin/initdb.
            var target = File.ResolveLinkTarget(candidate, returnFinalTarget: true);
            var bin = target is null ? directory : Path.GetDirectoryName(target.FullName)!;
            if (File.Exists(PgCtl(bin)))
            {
                return bin;
            }
        }

        return null;
    }
}
