namespace IvrService.Benchmarks.Common;

/// <summary>The benchmarks' command lines: <c>--name value</c> pairs and the one flag <c>--keep</c>.</summary>
internal static class OptionParser
{
    /// <summary>
    /// Applies each pair in turn; <paramref name="apply"/> returns the options with the pair applied, or null when
    /// the name is unknown or the value bad. <paramref name="keep"/> applies <c>--keep</c>.
    /// </summary>
    public static bool TryParse<T>(string[] args, T options, Func<T, T> keep, Func<T, string, string, T?> apply, out T parsed, out string error)
        where T : class
    {
        parsed = options;
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--keep")
            {
                parsed = keep(parsed);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return false;
            }

            var value = args[++i];
            if (apply(parsed, name, value) is not { } next)
            {
                error = $"bad option or value: {name} {value}";
                return false;
            }

            parsed = next;
        }

        return true;
    }
}
