namespace IvrService.Storage.Internal;

/// <summary>
/// Finds the processes of a cluster on Linux: every PostgreSQL server process (postmaster and children)
/// runs with PGDATA as its working directory.
/// </summary>
internal static class ClusterProcesses
{
    public static IReadOnlyCollection<int> FindUsing(string pgData)
    {
        var target = RealPath(pgData);
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var cwd = Directory.ResolveLinkTarget(Path.Combine(entry, "cwd"), returnFinalTarget: false);
                if (cwd is not null && string.Equals(cwd.FullName, target, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's process: not one of ours.
            }
        }

        return found;
    }

    /// <summary>The path with every symlink resolved, as the kernel reports working directories.</summary>
    internal static string RealPath(string path)
    {
        var current = Path.GetPathRoot(Path.GetFullPath(path))!;
        var parts = Path.GetFullPath(path)[current.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            var next = Path.Combine(current, part);
            var link = Directory.Exists(next) ? Directory.ResolveLinkTarget(next, returnFinalTarget: true) : null;
            current = link is null ? next : RealPath(link.FullName);
        }

        return current;
    }
}
